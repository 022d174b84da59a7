using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// Ports, MMIO and RAM in dictionaries and an array; every access that reaches
// it is logged, so tests can prove that a refused one did not.
public sealed class SimulatedHardware : HardwareAccess
{
    public const ulong MmioStart = 0xFE00_0000, MmioEnd = 0xFF00_0000;
    public const ulong RamBase = 0x10_0000;

    private readonly Dictionary<ushort, uint> _ports = new();
    private readonly Dictionary<ulong, ulong> _mmio = new();

    public SimulatedHardware(int ramBytes)
    {
        Ram = new byte[ramBytes];
    }

    public byte[] Ram { get; }
    public List<string> Accesses { get; } = new();
    // Off for measurements: logging allocates.
    public bool Logging { get; set; } = true;

    public void SetPort(ushort port, uint value) => _ports[port] = value;
    public uint PortValue(ushort port) => _ports.TryGetValue(port, out uint value) ? value : 0xFFFF_FFFF;
    public void SetMmio(ulong address, ulong value) => _mmio[address] = value;
    public ulong MmioValue(ulong address) => _mmio.TryGetValue(address, out ulong value) ? value : 0;

    public override byte ReadPort8(ushort port) => (byte)Log("in8", port, PortValue(port));
    public override ushort ReadPort16(ushort port) => (ushort)Log("in16", port, PortValue(port));
    public override uint ReadPort32(ushort port) => (uint)Log("in32", port, PortValue(port));
    public override void WritePort8(ushort port, byte value) => _ports[port] = (uint)Log("out8", port, value);
    public override void WritePort16(ushort port, ushort value) => _ports[port] = (uint)Log("out16", port, value);
    public override void WritePort32(ushort port, uint value) => _ports[port] = (uint)Log("out32", port, value);

    public override bool ReachesMmio(ulong physicalBase, ulong size) =>
        physicalBase >= MmioStart && physicalBase < MmioEnd && size <= MmioEnd - physicalBase;

    public override uint ReadMmio32(ulong physicalAddress) => (uint)Log("mmio32 read", physicalAddress, MmioValue(physicalAddress));
    public override ulong ReadMmio64(ulong physicalAddress) => Log("mmio64 read", physicalAddress, MmioValue(physicalAddress));
    public override void WriteMmio32(ulong physicalAddress, uint value) => _mmio[physicalAddress] = Log("mmio32 write", physicalAddress, value);
    public override void WriteMmio64(ulong physicalAddress, ulong value) => _mmio[physicalAddress] = Log("mmio64 write", physicalAddress, value);

    public override void ReadMemory(ulong physicalAddress, Span<byte> into)
    {
        Log("ram read", physicalAddress, (ulong)into.Length);
        Ram.AsSpan(RamOffset(physicalAddress, into.Length), into.Length).CopyTo(into);
    }

    public override void WriteMemory(ulong physicalAddress, ReadOnlySpan<byte> from)
    {
        Log("ram write", physicalAddress, (ulong)from.Length);
        from.CopyTo(Ram.AsSpan(RamOffset(physicalAddress, from.Length), from.Length));
    }

    public override void ZeroMemory(ulong physicalAddress, ulong length)
    {
        Log("ram zero", physicalAddress, length);
        Ram.AsSpan(RamOffset(physicalAddress, (int)length), (int)length).Clear();
    }

    private static int RamOffset(ulong physicalAddress, int length)
    {
        if (physicalAddress < RamBase) throw new InvalidOperationException($"RAM access below the simulated RAM at 0x{physicalAddress:x}");
        return checked((int)(physicalAddress - RamBase));
    }

    private ulong Log(string what, ulong address, ulong value)
    {
        if (Logging) Accesses.Add($"{what} 0x{address:x} 0x{value:x}");
        return value;
    }
}
