using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// Ports, MMIO and RAM in dictionaries and an array; every access that reaches
// it is logged, so tests can prove that a refused one did not. Windows of
// ports or MMIO can be handed to a register file (a simulated device).
public sealed class SimulatedHardware : HardwareAccess
{
    public const ulong MmioStart = 0xFE00_0000, MmioEnd = 0xFF00_0000;
    public const ulong RamBase = 0x10_0000;

    private readonly Dictionary<ushort, uint> _ports = new();
    private readonly Dictionary<ulong, ulong> _mmio = new();
    private readonly List<(ulong Start, ulong End, SimulatedRegisterFile Registers)> _mmioWindows = new();
    private readonly List<(ulong Start, ulong End, SimulatedRegisterFile Registers)> _portWindows = new();

    public SimulatedHardware(int ramBytes)
    {
        Ram = new byte[ramBytes];
    }

    public byte[] Ram { get; }
    public List<string> Accesses { get; } = new();
    // Off for measurements: logging allocates.
    public bool Logging { get; set; } = true;

    public void MapMmio(ulong start, ulong size, SimulatedRegisterFile registers) => _mmioWindows.Add((start, start + size, registers));
    public void MapPorts(ushort start, int length, SimulatedRegisterFile registers) => _portWindows.Add((start, start + (ulong)length, registers));

    public void SetPort(ushort port, uint value) => _ports[port] = value;
    public uint PortValue(ushort port) => _ports.TryGetValue(port, out uint value) ? value : 0xFFFF_FFFF;
    public void SetMmio(ulong address, ulong value) => _mmio[address] = value;
    public ulong MmioValue(ulong address) => _mmio.TryGetValue(address, out ulong value) ? value : 0;

    public override byte ReadPort8(ushort port) => (byte)Log("in8", port, InPort(port, 1));
    public override ushort ReadPort16(ushort port) => (ushort)Log("in16", port, InPort(port, 2));
    public override uint ReadPort32(ushort port) => (uint)Log("in32", port, InPort(port, 4));
    public override void WritePort8(ushort port, byte value) => OutPort(port, 1, Log("out8", port, value));
    public override void WritePort16(ushort port, ushort value) => OutPort(port, 2, Log("out16", port, value));
    public override void WritePort32(ushort port, uint value) => OutPort(port, 4, Log("out32", port, value));

    public override bool ReachesMmio(ulong physicalBase, ulong size) =>
        physicalBase >= MmioStart && physicalBase < MmioEnd && size <= MmioEnd - physicalBase;

    public override byte ReadMmio8(ulong physicalAddress) => (byte)Log("mmio8 read", physicalAddress, ReadMmio(physicalAddress, 1));
    public override ushort ReadMmio16(ulong physicalAddress) => (ushort)Log("mmio16 read", physicalAddress, ReadMmio(physicalAddress, 2));
    public override uint ReadMmio32(ulong physicalAddress) => (uint)Log("mmio32 read", physicalAddress, ReadMmio(physicalAddress, 4));
    public override ulong ReadMmio64(ulong physicalAddress) => Log("mmio64 read", physicalAddress, ReadMmio(physicalAddress, 8));
    public override void WriteMmio8(ulong physicalAddress, byte value) => WriteMmio(physicalAddress, 1, Log("mmio8 write", physicalAddress, value));
    public override void WriteMmio16(ulong physicalAddress, ushort value) => WriteMmio(physicalAddress, 2, Log("mmio16 write", physicalAddress, value));
    public override void WriteMmio32(ulong physicalAddress, uint value) => WriteMmio(physicalAddress, 4, Log("mmio32 write", physicalAddress, value));
    public override void WriteMmio64(ulong physicalAddress, ulong value) => WriteMmio(physicalAddress, 8, Log("mmio64 write", physicalAddress, value));

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

    // Outside every window a register holds what was last written at its address (logged whole, returned cut to the access's width).
    private ulong ReadMmio(ulong address, int width) =>
        InWindow(_mmioWindows, address, out var registers, out ulong offset) ? registers.Read(offset, width) : MmioValue(address);

    private void WriteMmio(ulong address, int width, ulong value)
    {
        if (InWindow(_mmioWindows, address, out var registers, out ulong offset)) registers.Write(offset, width, value);
        else _mmio[address] = value;
    }

    private uint InPort(ushort port, int width) =>
        InWindow(_portWindows, port, out var registers, out ulong offset) ? (uint)registers.Read(offset, width) : PortValue(port);

    private void OutPort(ushort port, int width, ulong value)
    {
        if (InWindow(_portWindows, port, out var registers, out ulong offset)) registers.Write(offset, width, value);
        else _ports[port] = (uint)value;
    }

    private static bool InWindow(List<(ulong Start, ulong End, SimulatedRegisterFile Registers)> windows, ulong address,
        out SimulatedRegisterFile registers, out ulong offset)
    {
        foreach (var window in windows)
            if (address >= window.Start && address < window.End)
            {
                (registers, offset) = (window.Registers, address - window.Start);
                return true;
            }
        (registers, offset) = (null!, 0);
        return false;
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
