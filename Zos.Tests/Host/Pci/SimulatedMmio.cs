using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

// Sparse memory-mapped registers: bytes never written read 0xFF (nothing
// decodes there). Every access is logged with its width.
public sealed class SimulatedMmio : MmioAccess
{
    private readonly Dictionary<ulong, byte> _bytes = new();

    public List<(ulong Address, int Width, bool Write)> Log { get; } = new();

    public void Place(ulong address, uint value, int width = 4)
    {
        for (int i = 0; i < width; i++) _bytes[address + (ulong)i] = (byte)(value >> (8 * i));
    }

    public uint Peek(ulong address, int width = 4)
    {
        uint value = 0;
        for (int i = 0; i < width; i++) value |= (uint)(_bytes.TryGetValue(address + (ulong)i, out byte b) ? b : 0xFF) << (8 * i);
        return value;
    }

    public override byte Read8(ulong address) => (byte)Read(address, 1);
    public override ushort Read16(ulong address) => (ushort)Read(address, 2);
    public override uint Read32(ulong address) => Read(address, 4);
    public override void Write8(ulong address, byte value) => Write(address, 1, value);
    public override void Write16(ulong address, ushort value) => Write(address, 2, value);
    public override void Write32(ulong address, uint value) => Write(address, 4, value);

    private uint Read(ulong address, int width)
    {
        Log.Add((address, width, false));
        return Peek(address, width);
    }

    private void Write(ulong address, int width, uint value)
    {
        Log.Add((address, width, true));
        Place(address, value, width);
    }
}
