using Zos.Hal.Capabilities.Granting;

namespace Zos.Testing;

// Ports in a dictionary (one never set reads all ones); every access that
// reaches it is logged, so tests can prove that a refused one did not. Windows
// of ports can be handed to a register file (a simulated device).
public sealed class SimulatedIoPorts : IoPortAccess
{
    private readonly Dictionary<ushort, uint> _ports = new();
    private readonly RegisterWindows _windows = new();

    public List<string> Accesses { get; } = new();
    // Off for measurements: logging allocates.
    public bool Logging { get; set; } = true;

    public void Map(ushort start, int length, SimulatedRegisterFile registers) => _windows.Map(start, (ulong)length, registers);

    public void Set(ushort port, uint value) => _ports[port] = value;

    public override byte Read8(ushort port) => (byte)Log("in8", port, In(port, 1));
    public override ushort Read16(ushort port) => (ushort)Log("in16", port, In(port, 2));
    public override uint Read32(ushort port) => (uint)Log("in32", port, In(port, 4));
    public override void Write8(ushort port, byte value) => Out(port, 1, Log("out8", port, value));
    public override void Write16(ushort port, ushort value) => Out(port, 2, Log("out16", port, value));
    public override void Write32(ushort port, uint value) => Out(port, 4, Log("out32", port, value));

    private uint In(ushort port, int width) =>
        _windows.TryFind(port, out var registers, out ulong offset) ? (uint)registers.Read(offset, width)
        : _ports.TryGetValue(port, out uint value) ? value : 0xFFFF_FFFF;

    private void Out(ushort port, int width, ulong value)
    {
        if (_windows.TryFind(port, out var registers, out ulong offset)) registers.Write(offset, width, value);
        else _ports[port] = (uint)value;
    }

    private ulong Log(string what, ushort port, ulong value)
    {
        if (Logging) Accesses.Add($"{what} 0x{port:x} 0x{value:x}");
        return value;
    }
}
