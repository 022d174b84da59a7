using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Capabilities;

public sealed class TestOwner(string name) : CapabilityOwner(name);

// Records each violation it is told of, then returns (the layer then throws).
public sealed class RecordingViolationHandler : CapabilityViolationHandler
{
    public List<CapabilityEvent> Violations { get; } = new();

    public override void OnViolation(CapabilityEvent violation) => Violations.Add(violation);
}

// An authority over simulated hardware, with one driver owner and the usual roots.
public sealed class CapabilityBench
{
    public const int RamBytes = 1 << 20;
    public const ulong DmaBudget = 64 * 1024;
    public const ushort PortBase = 0xC000;
    public const int PortCount = 0x20;
    public const ulong MmioBase = 0xFEB0_0000;
    public const ulong MmioSize = 0x1000;

    public CapabilityBench()
    {
        // The MMIO root is a block of registers that hold what is written (zeros at first).
        Memory.Place(SimulatedDmaMemory.RamBase, Ram).Place(MmioBase, new byte[MmioSize]);
        DmaMemory = new SimulatedDmaMemory(RamBytes);
        Authority = new CapabilityAuthority(Ports, Memory, DmaMemory, DmaBudget, auditCapacity: 8) { ViolationHandler = Handler };
        Assert.That(Authority.DeclareIoPorts(PortBase, PortCount, out IoPortRange ports), Is.Null);
        PortsRoot = ports;
        Assert.That(Authority.DeclareMmio(MmioBase, MmioSize, MmioCaching.Uncached, out MmioRegion mmio), Is.Null);
        MmioRoot = mmio;
        IrqRoot = Authority.DeclareIrq(Signal);
        Signal.Connect();
        PciRoot = Authority.DeclarePciFunction(Pci);
    }

    public SimulatedIoPorts Ports { get; } = new();
    public SimulatedPhysicalMemory Memory { get; } = new();
    public byte[] Ram { get; } = new byte[RamBytes];
    // Accesses that reached the simulated ports and memory.
    public int HardwareAccessCount => Ports.Accesses.Count + Memory.Accesses.Count;
    public SimulatedDmaMemory DmaMemory { get; }
    public SimulatedIrqSignal Signal { get; } = new(11);
    public SimulatedPciFunction Pci { get; } = new();
    public RecordingViolationHandler Handler { get; } = new();
    public CapabilityAuthority Authority { get; }
    public TestOwner Driver { get; } = new("edu");
    public IoPortRange PortsRoot { get; }
    public MmioRegion MmioRoot { get; }
    public Irq IrqRoot { get; }
    public PciFunctionCapability PciRoot { get; }

    public IoPortRange GrantPorts(int offset, int length, CapabilityRights rights, CapabilityOwner? to = null)
    {
        Assert.That(Authority.Grant(PortsRoot, to ?? Driver, offset, length, rights, out IoPortRange granted), Is.Null);
        return granted;
    }

    public MmioRegion GrantMmio(ulong offset, ulong size, CapabilityRights rights)
    {
        Assert.That(Authority.Grant(MmioRoot, Driver, offset, size, rights, out MmioRegion granted), Is.Null);
        return granted;
    }

    public Irq GrantIrq(CapabilityRights rights)
    {
        Assert.That(Authority.Grant(IrqRoot, Driver, rights, out Irq granted), Is.Null);
        return granted;
    }

    public PciFunctionCapability GrantPci(CapabilityRights rights)
    {
        Assert.That(Authority.Grant(PciRoot, Driver, rights, out PciFunctionCapability granted), Is.Null);
        return granted;
    }

    public DmaPool GrantDma(ulong bytes, ulong limit = CapabilityAuthority.Below4GiB,
        CapabilityRights rights = CapabilityRights.Allocate | CapabilityRights.ReadWrite)
    {
        Assert.That(Authority.GrantDmaPool(Driver, bytes, limit, rights, out DmaPool pool), Is.Null);
        return pool;
    }

    // Runs an access that must be refused: it throws, the handler saw exactly
    // this violation, and nothing reached the simulated hardware.
    public CapabilityEvent AssertViolation(Action access, ViolationReason reason)
    {
        int hardwareBefore = HardwareAccessCount, pciBefore = Pci.Accesses.Count, handled = Handler.Violations.Count;
        int waits = Signal.Waits, acks = Signal.Acknowledgements;
        var thrown = Assert.Throws<CapabilityViolationException>(() => access())!;
        Assert.That(thrown.Violation.Violation, Is.EqualTo(reason), thrown.Message);
        Assert.That(Handler.Violations, Has.Count.EqualTo(handled + 1));
        Assert.That(Handler.Violations[^1].Sequence, Is.EqualTo(thrown.Violation.Sequence));
        Assert.That(HardwareAccessCount, Is.EqualTo(hardwareBefore), "a refused access reached the hardware");
        Assert.That(Pci.Accesses, Has.Count.EqualTo(pciBefore), "a refused access reached configuration space");
        Assert.That((Signal.Waits, Signal.Acknowledgements), Is.EqualTo((waits, acks)), "a refused access reached the IRQ");
        return thrown.Violation;
    }
}
