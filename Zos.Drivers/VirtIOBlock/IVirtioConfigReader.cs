namespace Zos.Drivers.VirtIOBlock
{
    // Reads the device-specific configuration space at byte offsets, whatever
    // the transport (modern: the device config capability; legacy: after the
    // common header in the I/O BAR). Values come back in host order; a transport
    // keeps multi-byte reads consistent (config generation) as its interface asks.
    public interface IVirtioConfigReader
    {
        byte Read8(int offset);
        ushort Read16(int offset);
        uint Read32(int offset);
        ulong Read64(int offset);
    }
}
