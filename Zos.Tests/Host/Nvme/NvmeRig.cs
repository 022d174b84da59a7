using Zos.Drivers.Nvme;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Ahci;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Drivers;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Nvme;

// The engine over the simulated controller through real capabilities: BAR 0
// granted as the kernel grants it (up to the MSI-X table at 0x2000), queues
// and data in DmaPool buffers or lent client arrays, all in simulated RAM
// the controller reaches by device address.
public sealed class NvmeRig
{
    public const ulong BarBase = 0xFEB0_0000;
    // QEMU's MSI-X table starts here: the kernel grants BAR 0 below it.
    public const ulong GrantedBytes = 0x2000;
    public const int RamBytes = 16 << 20;
    public const int AdminEntries = 32;

    public NvmeRig(ulong cap = SimulatedNvmeController.QemuCap, uint version = 0x00010400)
    {
        Memory.Place(SimulatedDmaMemory.RamBase, Ram);
        Sim = new SimulatedNvmeController(new SimulatedBusMemory(Memory), cap, version);
        Memory.Map(BarBase, SimulatedNvmeController.BarBytes, Sim);
        DmaMemory = new SimulatedDmaMemory(RamBytes);
        Authority = new CapabilityAuthority(new SimulatedIoPorts(), Memory, DmaMemory, 12 << 20, auditCapacity: 8);
        Assert.That(Authority.DeclareMmio(BarBase, SimulatedNvmeController.BarBytes, MmioCaching.Uncached, out MmioRegion root), Is.Null);
        Assert.That(Authority.Grant(root, Driver, 0, GrantedBytes, CapabilityRights.ReadWrite, out MmioRegion bar), Is.Null);
        Bar = bar;
        Assert.That(Authority.GrantDmaPool(Driver, 12 << 20, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate | CapabilityRights.ReadWrite,
            out DmaPool pool), Is.Null);
        Pool = pool;
        Delay = new SimulatedDelay(Sim.Advance);
        Engine = new NvmeController(Bar, Delay);
    }

    public SimulatedPhysicalMemory Memory { get; } = new() { Logging = false };
    public byte[] Ram { get; } = new byte[RamBytes];
    public SimulatedDmaMemory DmaMemory { get; }
    public CapabilityAuthority Authority { get; }
    public TestOwner Driver { get; } = new("nvme");
    public MmioRegion Bar { get; }
    public DmaPool Pool { get; }
    public SimulatedNvmeController Sim { get; }
    public SimulatedDelay Delay { get; }
    public NvmeController Engine { get; }

    public DmaBuffer Allocate(int bytes)
    {
        Assert.That(Pool.Allocate(bytes, out DmaBuffer buffer), Is.Null);
        return buffer;
    }

    // A client's array lent for one request, placed where the simulated IOMMU says it lies.
    public DmaBuffer Lend(byte[] array, CapabilityRights deviceRights, int offset = 0, int? length = null)
    {
        Memory.Place(DmaMemory.PhysicalAddressOf(array), array);
        Assert.That(Authority.Lend(Driver, array, offset, length ?? array.Length - offset, deviceRights, CapabilityAuthority.Below4GiB,
            out DmaBuffer lent), Is.Null);
        return lent;
    }

    // BringUp with a fresh admin queue; the problem, if any.
    public string? BringUp(int ioQueues = 1) =>
        Engine.BringUp(Allocate(AdminEntries * 64), Allocate(AdminEntries * 16), AdminEntries, ioQueues);

    public void BringUpCleanly()
    {
        Assert.That(BringUp(), Is.Null);
        AssertNoViolations();
    }

    // An I/O queue pair (queue 1) over fresh memory, created on the controller with MSI-X vector 1.
    public NvmeQueuePair CreateIoQueues(int entries = 256, int vector = 1)
    {
        var io = new NvmeQueuePair(Bar, Engine.Capabilities, 1, Allocate(entries * 64), Allocate(entries * 16), entries);
        Assert.That(Engine.CreateIoQueues(io, vector), Is.Null);
        return io;
    }

    // Identify data (CNS, NSID) through the engine, copied out.
    public byte[] Identify(byte cns, uint namespaceId)
    {
        DmaBuffer buffer = Allocate(4096);
        Assert.That(Engine.Execute(NvmeAdminCommands.Identify(cns, namespaceId, buffer.DeviceAddress), out _), Is.Null);
        var data = new byte[4096];
        buffer.CopyTo(0, data);
        return data;
    }

    public void AssertNoViolations() => Assert.That(Sim.Violations, Is.Empty, "what the host must not do");

    public static byte[] Pattern(int bytes, int seed) => AhciRig.Pattern(bytes, seed);
}
