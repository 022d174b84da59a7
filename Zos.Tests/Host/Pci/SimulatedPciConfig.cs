using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

// A configuration space made of simulated functions: absent ones read all
// ones and ignore writes, as on a real bus. Counts accesses, so tests can tell
// that a malformed space was walked in bounded time.
public sealed class SimulatedPciConfig : PciConfigSpace
{
    private readonly Dictionary<PciAddress, SimulatedFunction> _functions = new();
    private readonly PciBusRange[] _ranges;

    public SimulatedPciConfig(params PciBusRange[] ranges)
    {
        _ranges = ranges.Length == 0 ? [new PciBusRange(0, 0, 255)] : ranges;
    }

    public int Accesses { get; private set; }

    public override string Mechanism => "simulated";
    public override int FunctionSize => 256;
    public override PciBusRange[] BusRanges => _ranges;

    public SimulatedFunction this[PciAddress address] => _functions[address];

    public SimulatedPciConfig Add(byte bus, byte device, byte function, SimulatedFunction simulated) => Add(new PciAddress(0, bus, device, function), simulated);

    public SimulatedPciConfig Add(PciAddress address, SimulatedFunction simulated)
    {
        _functions[address] = simulated;
        return this;
    }

    protected override byte Load8(PciAddress address, int offset) => (byte)Load(address, offset, 1);
    protected override ushort Load16(PciAddress address, int offset) => (ushort)Load(address, offset, 2);
    protected override uint Load32(PciAddress address, int offset) => Load(address, offset, 4);
    protected override void Store8(PciAddress address, int offset, byte value) => Store(address, offset, 1, value);
    protected override void Store16(PciAddress address, int offset, ushort value) => Store(address, offset, 2, value);
    protected override void Store32(PciAddress address, int offset, uint value) => Store(address, offset, 4, value);

    private uint Load(PciAddress address, int offset, int width)
    {
        Accesses++;
        if (!_functions.TryGetValue(address, out var function)) return width == 4 ? 0xFFFF_FFFF : (1u << (8 * width)) - 1;
        return function.Read(offset, width);
    }

    private void Store(PciAddress address, int offset, int width, uint value)
    {
        Accesses++;
        if (_functions.TryGetValue(address, out var function)) function.Write(offset, width, value);
    }
}
