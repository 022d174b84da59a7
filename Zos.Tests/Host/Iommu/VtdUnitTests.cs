using Zos.Kernel.Iommu;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Iommu;

public class VtdUnitTests
{
    private const ulong RegisterBase = 0xFED90000;
    private const ulong Ram = 0x10_0000;         // DMA targets: 64 KiB
    private const ulong Page = 4096;
    private const ushort Nvme = 0x0018;          // 00:03.0
    private const ushort Sata = 0x00FA;          // 00:1f.2
    private const ushort Edu = 0x0020;           // 00:04.0

    private SimulatedPhysicalMemory _memory = null!;
    private TableFrames _frames = null!;
    private SimulatedVtd _hardware = null!;

    [SetUp]
    public void CreateMachine()
    {
        _memory = new SimulatedPhysicalMemory().Place(Ram, new byte[16 * Page]);
        _frames = new TableFrames(64, _memory);
        _hardware = null!;
    }

    // Before Start: a unit other than QEMU's (only the first one mapped at an address decodes).
    private void UseHardware(SimulatedVtd hardware)
    {
        _hardware = hardware;
        _memory.Map(RegisterBase, 0x1000, hardware);
    }

    private VtdUnit Start()
    {
        if (_hardware is null) UseHardware(new SimulatedVtd(_memory));
        Assert.That(VtdUnit.TryStart(_memory, RegisterBase, 39, _frames.Tables, out var unit), Is.Null);
        return unit;
    }

    private static VtdDomain Domain(VtdUnit unit, string owner, params ushort[] devices)
    {
        Assert.That(unit.CreateDomain(owner, out var domain), Is.Null);
        foreach (ushort device in devices) Assert.That(unit.Attach(device, domain), Is.Null);
        return domain;
    }

    private List<VtdFault> Faults(VtdUnit unit)
    {
        var faults = new VtdFault[4];
        return faults.Take(unit.TakeFaults(faults)).ToList();
    }

    private static byte[] Bytes(int count, byte value) => Enumerable.Repeat(value, count).ToArray();

    [Test]
    public void BringsUpRootTableThenInvalidatesThenEnablesTranslation()
    {
        var unit = Start();

        Assert.That(_hardware.Events, Is.EqualTo(new[]
        {
            $"root table 0x{TableFrames.RamBase:x}",
            "context cache global",
            "iotlb global drain",
            "TE on",
        }));
        Assert.That(_hardware.ProtocolErrors, Is.Empty, "every command waited for its status");
        Assert.That(unit.TranslationEnabled, Is.True);
        Assert.That(unit.Version, Is.EqualTo(0x10));
    }

    [Test]
    public void BlocksEveryDeviceNoDomainClaims()
    {
        var unit = Start();

        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(4, 0xAA)), Is.False);

        Assert.That(_memory.Peek(Ram), Is.EqualTo(0), "memory untouched");
        var fault = Faults(unit).Single();
        Assert.That((fault.Reason, fault.SourceId, fault.Domain), Is.EqualTo(((byte)1, Nvme, (VtdDomain?)null)));
        Assert.That(fault.ReasonText, Is.EqualTo("root entry not present"));
    }

    [Test]
    public void RefusesAUnitWithout39BitTables()
    {
        UseHardware(new SimulatedVtd(_memory, capabilities: SimulatedVtd.QemuCapabilities & ~(0x1FUL << 8) | 0x4UL << 8));

        Assert.That(VtdUnit.TryStart(_memory, RegisterBase, 39, _frames.Tables, out var unit),
            Is.EqualTo("the unit has no 3-level (39-bit) second-level tables (CAP.SAGAW 0x4)"));
        Assert.That(unit, Is.Null);
        Assert.That(_hardware.TranslationEnabled, Is.False);
        Assert.That(_frames.Tables.TablesInUse, Is.EqualTo(0));
    }

    [Test]
    public void RefusesAUnitNeedingWriteBufferFlushes()
    {
        UseHardware(new SimulatedVtd(_memory, capabilities: SimulatedVtd.QemuCapabilities | 1UL << 4));

        Assert.That(VtdUnit.TryStart(_memory, RegisterBase, 39, _frames.Tables, out _),
            Is.EqualTo("the unit needs write-buffer flushing (CAP.RWBF), which Zos does not do"));
    }

    [Test]
    public void TranslatesMappedDmaAndFaultsTheRest()
    {
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram + 2 * Page, Ram + 2 * Page, Page, DmaAccess.ReadWrite), Is.Null);

        Assert.That(_hardware.DmaWrite(Nvme, Ram + 2 * Page + 8, Bytes(4, 0x5A)), Is.True);
        Assert.That(_hardware.DmaWrite(Nvme, Ram + 3 * Page, Bytes(4, 0xEE)), Is.False);

        Assert.That(_memory.Peek(Ram + 2 * Page + 8), Is.EqualTo(0x5A5A5A5A));
        Assert.That(_memory.Peek(Ram + 3 * Page), Is.EqualTo(0), "the unmapped page is untouched");
        var fault = Faults(unit).Single();
        Assert.That((fault.Reason, fault.Address, fault.IsWrite, fault.Domain), Is.EqualTo(((byte)5, Ram + 3 * Page, true, domain)));
        Assert.That(fault.ToString(), Is.EqualTo("write at 0x103000 by 00:03.0 (nvme0): write not permitted"));
        Assert.That(domain.Faults, Is.EqualTo(1));
    }

    [Test]
    public void TranslatesThroughASeparateIoVirtualAddress()
    {
        var unit = Start();
        var domain = Domain(unit, "edu0", Edu);
        Assert.That(unit.Map(domain, 0x40_0000_0000, Ram + 5 * Page, Page, DmaAccess.Write), Is.Null);

        Assert.That(_hardware.DmaWrite(Edu, 0x40_0000_0010, Bytes(2, 0x77)), Is.True);

        Assert.That(_memory.Peek(Ram + 5 * Page + 0x10, 2), Is.EqualTo(0x7777));
    }

    [Test]
    public void AReadOnlyMappingLetsTheDeviceReadButNotWrite()
    {
        var unit = Start();
        var domain = Domain(unit, "ahci0", Sata);
        _memory.Poke(Ram, 0x1234_5678);
        Assert.That(unit.Map(domain, Ram, Ram, Page, DmaAccess.Read), Is.Null);
        var read = new byte[4];

        Assert.That(_hardware.DmaRead(Sata, Ram, read), Is.True);
        Assert.That(_hardware.DmaWrite(Sata, Ram, Bytes(4, 0)), Is.False);

        Assert.That(BitConverter.ToUInt32(read), Is.EqualTo(0x1234_5678));
        Assert.That(_memory.Peek(Ram), Is.EqualTo(0x1234_5678));
        var fault = Faults(unit).Single();
        Assert.That((fault.Reason, fault.IsWrite), Is.EqualTo(((byte)5, true)));
    }

    [Test]
    public void DecodesAReadFault()
    {
        var unit = Start();
        Domain(unit, "ahci0", Sata);

        Assert.That(_hardware.DmaRead(Sata, 0x7_0000_1234, new byte[4]), Is.False);

        var fault = Faults(unit).Single();
        Assert.That((fault.Reason, fault.Address, fault.IsWrite), Is.EqualTo(((byte)6, 0x7_0000_1000UL, false)));
        Assert.That(fault.ToString(), Is.EqualTo("read at 0x700001000 by 00:1f.2 (ahci0): read not permitted"));
    }

    [Test]
    public void TheUnitKeepsUsingAStaleTranslationUntilItIsInvalidated()
    {
        // Why Unmap must invalidate: QEMU (and hardware) cache translations.
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);
        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 1)), Is.True);

        Assert.That(domain.Tables.Unmap(Ram, Page), Is.Null);

        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 2)), Is.True, "only the tables changed");
    }

    [Test]
    public void UnmapInvalidatesTheRangeBeforeItReturns()
    {
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, 4 * Page, DmaAccess.ReadWrite), Is.Null);
        Assert.That(_hardware.DmaWrite(Nvme, Ram + Page, Bytes(1, 1)), Is.True);
        Assert.That(_hardware.DmaWrite(Nvme, Ram + 2 * Page, Bytes(1, 1)), Is.True);
        _hardware.Events.Clear();

        Assert.That(unit.Unmap(domain, Ram + Page, 2 * Page), Is.Null);

        Assert.That(_hardware.CommandPending, Is.False, "the invalidation completed before Unmap returned");
        Assert.That(_hardware.Events, Is.EqualTo(new[] { $"iotlb page did {domain.Id} 0x{Ram:x} mask 2 drain" }),
            "pages 1 and 2 lie in the aligned 4-page block at Ram; reads and writes in flight drained");
        Assert.That(_hardware.DmaWrite(Nvme, Ram + Page, Bytes(1, 3)), Is.False);
        Assert.That(_hardware.DmaWrite(Nvme, Ram + 3 * Page, Bytes(1, 3)), Is.True, "the rest stays mapped");
        Assert.That(_memory.Peek(Ram + Page, 1), Is.EqualTo(1), "the blocked write did not land");
        Assert.That(_hardware.ProtocolErrors, Is.Empty);
    }

    [Test]
    public void InvalidatesTheWholeDomainWhenTheRangeExceedsTheAddressMaskLimit()
    {
        // CAP.MAMV (53:48) 0: page-selective invalidations of one page only.
        UseHardware(new SimulatedVtd(_memory, capabilities: SimulatedVtd.QemuCapabilities & ~(0x3FUL << 48)));
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, 2 * Page, DmaAccess.ReadWrite), Is.Null);
        _hardware.Events.Clear();

        Assert.That(unit.Unmap(domain, Ram, 2 * Page), Is.Null);

        Assert.That(_hardware.Events, Is.EqualTo(new[] { $"iotlb did {domain.Id} drain" }));
    }

    [Test]
    public void InvalidatesOnlyTheUnmappingDomain()
    {
        var unit = Start();
        var nvme = Domain(unit, "nvme0", Nvme);
        var sata = Domain(unit, "ahci0", Sata);
        Assert.That(unit.Map(nvme, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);
        Assert.That(unit.Map(sata, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);
        Assert.That(_hardware.DmaWrite(Sata, Ram, Bytes(1, 1)), Is.True);

        Assert.That(unit.Unmap(nvme, Ram, Page), Is.Null);

        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 2)), Is.False);
        Assert.That(_hardware.DmaWrite(Sata, Ram, Bytes(1, 2)), Is.True);
    }

    [Test]
    public void DetachBlocksADeviceWhoseContextWasCached()
    {
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);
        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 1)), Is.True);
        _hardware.Events.Clear();

        Assert.That(unit.Detach(Nvme), Is.Null);

        Assert.That(_hardware.Events, Is.EqualTo(new[] { "context cache sid 0x18", $"iotlb did {domain.Id} drain" }));
        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 2)), Is.False);
        Assert.That(Faults(unit).Single().Reason, Is.EqualTo(2), "context entry not present");
        Assert.That(unit.DomainOf(Nvme), Is.Null);
        Assert.That(domain.Devices, Is.EqualTo(0));
    }

    [Test]
    public void RefusesAttachingTwiceAndDetachingWhatIsNotAttached()
    {
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);

        Assert.That(unit.Attach(Nvme, domain), Is.EqualTo("00:03.0 is attached to nvme0"));
        Assert.That(unit.Detach(Sata), Is.EqualTo("00:1f.2 is not attached"));
    }

    [Test]
    public void AttributesFaultsToTheDomainOfTheirSourceId()
    {
        var unit = Start();
        var nvme = Domain(unit, "nvme0", Nvme);
        var sata = Domain(unit, "ahci0", Sata);

        Assert.That(_hardware.DmaWrite(Sata, Ram, Bytes(1, 1)), Is.False);
        var first = Faults(unit).Single();
        Assert.That(_hardware.DmaRead(Nvme, Ram, new byte[1]), Is.False);
        var second = Faults(unit).Single();

        Assert.That((first.SourceId, first.Domain!.Owner), Is.EqualTo((Sata, "ahci0")));
        Assert.That((second.SourceId, second.Domain!.Owner), Is.EqualTo((Nvme, "nvme0")));
        Assert.That((nvme.Faults, sata.Faults, unit.FaultsRecorded), Is.EqualTo((1, 1, 2)));
    }

    [Test]
    public void ASecondFaultBeforeTheFirstIsReadIsAnOverflow()
    {
        var unit = Start();
        Domain(unit, "nvme0", Nvme);
        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 1)), Is.False);
        Assert.That(_hardware.DmaWrite(Nvme, Ram + Page, Bytes(1, 1)), Is.False);

        var faults = Faults(unit);

        Assert.That(faults.Single().Address, Is.EqualTo(Ram), "the record keeps the first");
        Assert.That(unit.FaultOverflows, Is.EqualTo(1));
        Assert.That(_memory.Read32(RegisterBase + 0x34) & 3, Is.EqualTo(0), "FSTS.PFO and PPF cleared");
        Assert.That(_hardware.DmaWrite(Nvme, Ram + 2 * Page, Bytes(1, 1)), Is.False);
        Assert.That(Faults(unit).Single().Address, Is.EqualTo(Ram + 2 * Page), "the record takes new faults again");
    }

    [Test]
    public void TakesNoFaultsWhenNoneArePending()
    {
        var unit = Start();

        Assert.That(Faults(unit), Is.Empty);
        Assert.That(unit.FaultOverflows, Is.EqualTo(0));
    }

    [Test]
    public void DomainsGetDistinctNonzeroIds()
    {
        var unit = Start();

        var ids = new[] { Domain(unit, "a").Id, Domain(unit, "b").Id, Domain(unit, "c").Id };

        Assert.That(ids, Is.EqualTo(new ushort[] { 1, 2, 3 }));
        Assert.That(unit.DomainCount, Is.EqualTo(3));
    }

    [Test]
    public void DevicesOnOtherBusesGetTheirOwnContextTables()
    {
        var unit = Start();
        ushort behindBridge = 0x0100;   // 01:00.0
        var domain = Domain(unit, "nvme1", behindBridge);
        Assert.That(unit.Map(domain, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);

        Assert.That(_hardware.DmaWrite(behindBridge, Ram, Bytes(1, 9)), Is.True);
        Assert.That(_hardware.DmaWrite(0x0108, Ram, Bytes(1, 9)), Is.False, "01:01.0 shares the bus, not the domain");
        Assert.That(Faults(unit).Single().Reason, Is.EqualTo(2));
    }

    [Test]
    public void AFaultRaisesTheMessageTheKernelProgrammedAndNoneBefore()
    {
        var unit = Start();
        Domain(unit, "nvme0", Nvme);
        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 1)), Is.False);
        Assert.That(_hardware.Events, Has.None.StartsWith("fault event"), "masked at reset (FECTL.IM)");
        Faults(unit);

        unit.EnableFaultInterrupt(0xFEE0_1000, 0x70);
        Assert.That(_hardware.DmaWrite(Nvme, Ram, Bytes(1, 1)), Is.False);

        Assert.That(_hardware.Events[^1], Is.EqualTo("fault event 0xfee01000 data 0x70"));
        Assert.That(unit.FaultPending, Is.True);
        Faults(unit);
        Assert.That(unit.FaultPending, Is.False);
    }

    [Test]
    public void AnInvalidationThatNeverCompletesIsAnErrorNotAHang()
    {
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);
        _memory.Logging = false;
        _hardware.CommandsNeverComplete = true;

        Assert.That(unit.Unmap(domain, Ram, Page), Is.EqualTo("the IOTLB invalidation did not complete (IOTLB_REG.IVT stayed set)"));
        Assert.That(unit.Attach(Sata, domain), Is.EqualTo("the context-cache invalidation did not complete (CCMD.ICC stayed set)"));
    }

    [Test]
    public void AUnitWhoseCommandsNeverCompleteIsNotUsed()
    {
        UseHardware(new SimulatedVtd(_memory) { CommandsNeverComplete = true });
        _memory.Logging = false;

        Assert.That(VtdUnit.TryStart(_memory, RegisterBase, 39, _frames.Tables, out var unit), Is.EqualTo("GSTS.RTPS did not set"));
        Assert.That(unit, Is.Null);
        Assert.That(_frames.Tables.TablesInUse, Is.EqualTo(0), "the root table went back");
    }

    [Test]
    public void AnInvalidationTheUnitDidNotPerformIsAnError()
    {
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, Page, DmaAccess.ReadWrite), Is.Null);
        _hardware.RefusesInvalidations = true;

        Assert.That(unit.Unmap(domain, Ram, Page), Is.EqualTo("the unit refused an IOTLB invalidation"));
        Assert.That(unit.Attach(Sata, domain), Is.EqualTo("the unit refused a context-cache invalidation"));
    }

    [Test]
    public void DomainIdsRunOutWhereCapNdSays()
    {
        UseHardware(new SimulatedVtd(_memory, capabilities: SimulatedVtd.QemuCapabilities & ~7UL));   // ND 0: 16 ids, 0 reserved
        var unit = Start();

        for (int i = 1; i < 16; i++) Assert.That(unit.CreateDomain("d" + i, out _), Is.Null);

        Assert.That(unit.CreateDomain("one too many", out var refused), Is.EqualTo("all 16 domain ids are in use"));
        Assert.That(refused, Is.Null);
    }

    [Test]
    public void InCachingModeAMapInvalidatesToo()
    {
        UseHardware(new SimulatedVtd(_memory, capabilities: SimulatedVtd.QemuCapabilities | 1UL << 7));
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        _hardware.Events.Clear();

        Assert.That(unit.Map(domain, Ram + Page, Ram + Page, Page, DmaAccess.Read), Is.Null);

        Assert.That(_hardware.Events, Is.EqualTo(new[] { $"iotlb page did {domain.Id} 0x{Ram + Page:x} mask 0 drain" }));
    }

    [TestCase(1UL << 39, "iotlb did 1 drain", TestName = "WithoutPageSelectiveInvalidationTheWholeDomainGoes")]
    [TestCase(0x3FUL << 48, "iotlb did 1 drain", TestName = "ARangeBeyondCapMamvTakesTheWholeDomain")]
    [TestCase(3UL << 54, "iotlb page did 1 0x100000 mask 1", TestName = "WithoutDrainCapabilitiesNothingIsDrained")]
    public void TheInvalidationFollowsWhatCapOffers(ulong capabilitiesCleared, string expected)
    {
        UseHardware(new SimulatedVtd(_memory, capabilities: SimulatedVtd.QemuCapabilities & ~capabilitiesCleared));
        var unit = Start();
        var domain = Domain(unit, "nvme0", Nvme);
        Assert.That(unit.Map(domain, Ram, Ram, 2 * Page, DmaAccess.ReadWrite), Is.Null);
        _hardware.Events.Clear();

        Assert.That(unit.Unmap(domain, Ram, 2 * Page), Is.Null);

        Assert.That(_hardware.Events, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void WithoutTwoMibPagesAnAlignedRangeIsMappedWithSmallPages()
    {
        var memory = new SimulatedPhysicalMemory();
        var frames = new TableFrames(8, memory);
        memory.Map(RegisterBase, 0x1000, new SimulatedVtd(memory, capabilities: SimulatedVtd.QemuCapabilities & ~(1UL << 34)));
        Assert.That(VtdUnit.TryStart(memory, RegisterBase, 39, frames.Tables, out var unit), Is.Null);
        Assert.That(unit.CreateDomain("nvme0", out var domain), Is.Null);
        int before = frames.Tables.TablesInUse;

        Assert.That(unit.Map(domain, 0x4000_0000, 0x4000_0000, 2UL << 20, DmaAccess.Read), Is.Null);

        Assert.That(frames.Tables.TablesInUse - before, Is.EqualTo(2), "a directory and a leaf table: no 2 MiB page");
    }
}
