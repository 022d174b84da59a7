namespace Zos.Drivers.VirtIO
{
    // Reads the device-specific configuration space at byte offsets, whatever
    // the transport (modern: the device config capability; legacy: after the
    // common header in the I/O BAR). VirtioTransport is one; tests simulate others. Values come back in host order; a transport
    // keeps multi-byte reads consistent (config generation) as its interface asks.
    public interface IVirtioConfigReader
    {
        byte ReadConfig8(int offset);
        ushort ReadConfig16(int offset);
        uint ReadConfig32(int offset);
        ulong ReadConfig64(int offset);
    }
}
