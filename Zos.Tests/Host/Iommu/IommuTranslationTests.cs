using Zos.Hal;
using Zos.Hal.Acpi;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Kernel.Iommu;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Iommu;

// DMA capabilities as hardware grants: the capability authority with the
// kernel's IommuTranslation over a simulated VT-d unit, whose DMA engine
// walks the tables and caches translations until they are invalidated.
public class IommuTranslationTests
{
    private const ulong RegisterBase = 0xFED90000;
    private const ulong Page = 4096;
    private const ushort Nvme = 0x0018;          // 00:03.0
    private const ushort Sata = 0x00FA;          // 00:1f.2
    private const ushort Edu = 0x0020;           // 00:04.0, in no scope
    private const ulong Reserved = 0x13_0000;

    private SimulatedPhysicalMemory _memory = null!;
    private SimulatedDmaMemory _dma = null!;
    private SimulatedVtd _hardware = null!;
    private CapabilityAuthority _authority = null!;
    private IommuTranslation _translation = null!;
    private readonly TestOwner _nvme = new("nvme0");
    private readonly TestOwner _ahci = new("ahci0");

    [SetUp]
    public void CreateMachine()
    {
        _memory = new SimulatedPhysicalMemory().Place(SimulatedDmaMemory.RamBase, new byte[64 * Page])
            .Place(SimulatedDmaMemory.LentBase, new byte[16 * Page]);
        var frames = new TableFrames(64, _memory);
        _hardware = new SimulatedVtd(_memory);
        _memory.Map(RegisterBase, 0x1000, _hardware);
        _dma = new SimulatedDmaMemory(32 * (int)Page);
        _authority = new CapabilityAuthority(new SimulatedIoPorts(), _memory, _dma, 64 * Page, auditCapacity: 8);
        var unit = new DmarRemappingUnit(0, 0, 0, RegisterBase, new[] { Endpoint(3, 0), Endpoint(0x1f, 2) });
        var rmrr = new DmarReservedRegion(0, Reserved, Reserved + Page - 1, new[] { Endpoint(3, 0) });
        _translation = IommuTranslation.Start(new[] { unit }, new[] { rmrr }, 39, _memory, frames.Tables);
        Assert.That(_translation.UnitErrors, Is.EqualTo(new string?[] { null }));
        _authority.Translation = _translation;
        Assert.That(_translation.Attach(_nvme, Nvme), Is.Null);
        Assert.That(_translation.Attach(_ahci, Sata), Is.Null);
    }

    private static DmarDeviceScope Endpoint(byte device, byte function) => new(DmarScopeType.PciEndpoint, 0, 0, new[] { device, function });

    private DmaBuffer Allocate(CapabilityOwner owner, int bytes, CapabilityRights rights = CapabilityRights.ReadWrite)
    {
        Assert.That(_authority.GrantDmaPool(owner, 16 * Page, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate | rights, out DmaPool pool), Is.Null);
        Assert.That(pool.Allocate(bytes, out DmaBuffer buffer), Is.Null);
        return buffer;
    }

    private DmaBuffer Lend(CapabilityOwner owner, byte[] array, int offset, int length, CapabilityRights rights)
    {
        Assert.That(_authority.Lend(owner, array, offset, length, rights, CapabilityAuthority.Below4GiB, out DmaBuffer lent), Is.Null);
        return lent;
    }

    private bool Writes(ushort device, ulong address) => _hardware.DmaWrite(device, address, new byte[] { 0xEE });
    private bool Reads(ushort device, ulong address) => _hardware.DmaRead(device, address, new byte[1]);

    private List<string> Faults()
    {
        var faults = new List<string>();
        _translation.TakeFaults((fault, owner) => faults.Add($"{owner?.Name ?? "nobody"}: {fault}"));
        return faults;
    }

    [Test]
    public void APoolBufferIsReachableByItsOwnersDeviceOnly()
    {
        DmaBuffer buffer = Allocate(_nvme, 100);
        ulong physical = buffer.DeviceAddress - SimulatedDmaMemory.DeviceOffset;

        Assert.That(Writes(Nvme, buffer.DeviceAddress + 8), Is.True);
        Assert.That(Writes(Sata, buffer.DeviceAddress), Is.False);

        Assert.That(_memory.Peek(physical + 8, 1), Is.EqualTo(0xEE));
        Assert.That(_memory.Peek(physical, 1), Is.EqualTo(0), "the other device's write did not land");
        Assert.That(Faults(), Is.EqualTo(new[] { $"ahci0: write at 0x{buffer.DeviceAddress:x} by 00:1f.2 (ahci0): write not permitted" }));
        Assert.That(_translation.DomainOf(_nvme)!.MappedBytes, Is.EqualTo(Page));
    }

    [Test]
    public void AFreedBufferIsGoneFromTheDeviceBeforeItsMemoryIsReused()
    {
        DmaBuffer buffer = Allocate(_nvme, 2 * (int)Page);
        ulong address = buffer.DeviceAddress;
        Assert.That(Writes(Nvme, address + Page), Is.True, "the unit now caches the translation");

        buffer.Free();

        Assert.That(Writes(Nvme, address + Page), Is.False, "Free invalidated the cached translation");
        Assert.That(_translation.DomainOf(_nvme)!.MappedBytes, Is.EqualTo(0));
        Assert.That(_dma.UsedPages, Is.EqualTo(0));
    }

    [Test]
    public void ABufferTheDeviceMayOnlyReadIsMappedReadOnly()
    {
        DmaBuffer buffer = Allocate(_nvme, 64, CapabilityRights.Read);

        Assert.That(Reads(Nvme, buffer.DeviceAddress), Is.True);
        Assert.That(Writes(Nvme, buffer.DeviceAddress), Is.False);

        Assert.That(Faults().Single(), Does.EndWith("write not permitted"));
    }

    [Test]
    public void TwoLoansSharingAPageKeepItMappedWithTheUnionOfTheirRightsUntilTheLastEnds()
    {
        byte[] client = new byte[2 * Page];
        DmaBuffer deviceWrites = Lend(_nvme, client, 0, 512, CapabilityRights.Write);
        DmaBuffer deviceReads = Lend(_nvme, client, 512, 512, CapabilityRights.Read);
        ulong page = deviceWrites.DeviceAddress;

        Assert.That((Writes(Nvme, page), Reads(Nvme, page)), Is.EqualTo((true, true)));
        _authority.EndLoan(deviceWrites);
        Assert.That((Writes(Nvme, page), Reads(Nvme, page)), Is.EqualTo((false, true)), "narrowed to read, and invalidated");
        _authority.EndLoan(deviceReads);
        Assert.That(Reads(Nvme, page), Is.False);

        Assert.That(_translation.DomainOf(_nvme)!.MappedBytes, Is.EqualTo(0));
        Assert.That(_translation.DomainOf(_nvme)!.Buffers, Is.EqualTo(0));
    }

    [Test]
    public void ALoanCoversEveryPageItsBytesTouch()
    {
        byte[] client = new byte[4 * Page];
        DmaBuffer lent = Lend(_nvme, client, (int)Page - 8, 16, CapabilityRights.Write);

        Assert.That(Writes(Nvme, lent.DeviceAddress), Is.True);
        Assert.That(Writes(Nvme, lent.DeviceAddress + 15), Is.True);
        Assert.That(Writes(Nvme, lent.DeviceAddress + Page + 8), Is.False, "the third page is not the loan's");
    }

    [Test]
    public void RevokingAnOwnerAtACrashLeavesItsDomainEmptyAndTheOtherDomainsAlone()
    {
        DmaBuffer ring = Allocate(_nvme, 4096);
        DmaBuffer other = Allocate(_ahci, 4096);
        DmaBuffer lent = Lend(_nvme, new byte[Page], 0, 4096, CapabilityRights.Write);
        Assert.That(Writes(Nvme, ring.DeviceAddress) && Writes(Nvme, lent.DeviceAddress), Is.True);

        _authority.RevokeAll(_nvme);

        Assert.That(_translation.DomainOf(_nvme)!.MappedBytes, Is.EqualTo(0));
        Assert.That(Writes(Nvme, ring.DeviceAddress), Is.False);
        Assert.That(Writes(Nvme, lent.DeviceAddress), Is.False);
        Assert.That(Writes(Sata, other.DeviceAddress), Is.True);
        _authority.BeginNewGeneration(_nvme);
        Assert.That(_dma.UsedPages, Is.EqualTo(1), "the ring's page came back; the other owner's stays");
    }

    [Test]
    public void ADeviceNoUnitCoversIsUnchecked()
    {
        var edu = new TestOwner("edu0");

        Assert.That(_translation.Attach(edu, Edu), Is.Null);
        DmaBuffer buffer = Allocate(edu, 64);

        Assert.That(_translation.DomainOf(edu), Is.Null);
        Assert.That(buffer.IsValid, Is.True);
        buffer.Free();
    }

    [Test]
    public void AReservedRegionIsMappedAtItsOwnAddressForTheDevicesItNames()
    {
        Assert.That(Writes(Nvme, Reserved), Is.True);
        Assert.That(Writes(Sata, Reserved), Is.False);
    }

    [Test]
    public void FaultsOfADeviceNoDriverHoldsAreNobodys()
    {
        Assert.That(Writes(Edu, SimulatedDmaMemory.RamBase), Is.False);

        Assert.That(_translation.FaultPending, Is.True);
        Assert.That(Faults(), Is.EqualTo(new[] { $"nobody: write at 0x{SimulatedDmaMemory.RamBase:x} by 00:04.0: context entry not present" }));
        Assert.That(_translation.FaultPending, Is.False);
    }

    [Test]
    public void AnUnmapOfWhatWasNeverMappedIsRefusedAndChangesNothing()
    {
        DmaBuffer buffer = Allocate(_nvme, 4096, CapabilityRights.Read);
        DeviceDomain domain = _translation.DomainOf(_nvme)!;

        Assert.That(domain.Unmap(buffer.DeviceAddress, Page, DmaAccess.Write), Is.EqualTo($"device page 0x{buffer.DeviceAddress:x} is not mapped for write"));
        Assert.That(domain.Unmap(buffer.DeviceAddress + Page, Page, DmaAccess.Read), Is.EqualTo($"device page 0x{buffer.DeviceAddress + Page:x} is not mapped for read"));

        Assert.That(Reads(Nvme, buffer.DeviceAddress), Is.True);
        Assert.That(domain.Buffers, Is.EqualTo(1));
    }

    [Test]
    public void LoansEndedTogetherShareOneInvalidationAndNoneIsReachableAfterward()
    {
        byte[] client = new byte[4 * Page];
        DmaBuffer first = Lend(_nvme, client, 0, (int)Page, CapabilityRights.Write);
        DmaBuffer third = Lend(_nvme, client, 2 * (int)Page, (int)Page, CapabilityRights.Write);
        Assert.That(Writes(Nvme, first.DeviceAddress) && Writes(Nvme, third.DeviceAddress), Is.True, "both translations cached");
        _hardware.Events.Clear();
        var answered = new GrowableArray<DmaBuffer>();
        answered.Add(first);
        answered.Add(third);

        _authority.EndLoans(answered);

        Assert.That(_hardware.Events, Is.EqualTo(new[] { $"iotlb page did 1 0x{first.DeviceAddress:x} mask 2 drain" }),
            "one page-selective invalidation of the aligned block covering both");
        Assert.That(Writes(Nvme, first.DeviceAddress), Is.False);
        Assert.That(Writes(Nvme, third.DeviceAddress), Is.False);
        Assert.That((first.IsRevoked, third.IsRevoked), Is.EqualTo((true, true)));
        Assert.That(Enumerable.Range(0, _nvme.CapabilityCount).Select(_nvme.CapabilityAt), Does.Not.Contain(first).And.Not.Contain(third),
            "dropped from the owner's list like EndLoan's");
        Assert.That(_authority.DmaUnmapFailures, Is.EqualTo(0));
    }

    [Test]
    public void ADeferredUnmapLeavesTheCachedTranslationUntilTheFlush()
    {
        DmaBuffer lent = Lend(_nvme, new byte[Page], 0, (int)Page, CapabilityRights.Write);
        Assert.That(Writes(Nvme, lent.DeviceAddress), Is.True);
        DeviceDomain domain = _translation.DomainOf(_nvme)!;

        Assert.That(domain.Unmap(lent.DeviceAddress, Page, DmaAccess.Write, deferInvalidation: true), Is.Null);
        Assert.That(Writes(Nvme, lent.DeviceAddress), Is.True, "why EndLoans must flush before it returns");
        Assert.That(domain.Flush(), Is.Null);

        Assert.That(Writes(Nvme, lent.DeviceAddress), Is.False);
        Assert.That(domain.Flush(), Is.Null, "nothing left to invalidate");
    }

    [Test]
    public void LoansSharingTheirBoundaryPagesKeepEachPageWithTheRightsOfThoseStillOverIt()
    {
        // Pages 0-1 lent for the device to write, pages 1-2 for it to read: page 1 is both's.
        byte[] client = new byte[4 * Page];
        DmaBuffer writes = Lend(_nvme, client, 100, (int)Page, CapabilityRights.Write);
        DmaBuffer reads = Lend(_nvme, client, (int)Page + 200, (int)Page, CapabilityRights.Read);
        ulong first = writes.DeviceAddress - 100;
        DeviceDomain domain = _translation.DomainOf(_nvme)!;
        Assert.That(domain.MappedBytes, Is.EqualTo(3 * Page));
        Assert.That((Writes(Nvme, first), Reads(Nvme, first)), Is.EqualTo((true, false)), "page 0: write only");
        Assert.That((Writes(Nvme, first + Page), Reads(Nvme, first + Page)), Is.EqualTo((true, true)), "page 1: both");
        Assert.That((Writes(Nvme, first + 2 * Page), Reads(Nvme, first + 2 * Page)), Is.EqualTo((false, true)), "page 2: read only");

        _authority.EndLoan(reads);

        Assert.That(domain.MappedBytes, Is.EqualTo(2 * Page));
        Assert.That((Writes(Nvme, first + Page), Reads(Nvme, first + Page)), Is.EqualTo((true, false)), "page 1 narrowed to the write loan's rights");
        Assert.That(Reads(Nvme, first + 2 * Page), Is.False);
        Assert.That(Writes(Nvme, first), Is.True);
        _authority.EndLoan(writes);
        Assert.That((domain.MappedBytes, domain.Buffers), Is.EqualTo((0UL, 0)));
        Assert.That(Writes(Nvme, first + Page), Is.False);
    }

    [Test]
    public void APageAlreadyLeadingElsewhereIsNotMappedAgainToAnotherFrame()
    {
        DmaBuffer buffer = Allocate(_nvme, 4096);
        ulong physical = buffer.DeviceAddress - SimulatedDmaMemory.DeviceOffset;
        DeviceDomain domain = _translation.DomainOf(_nvme)!;

        Assert.That(domain.Map(buffer.DeviceAddress, physical + 8 * Page, Page, DmaAccess.Read),
            Is.EqualTo($"device page 0x{buffer.DeviceAddress:x} already leads to 0x{physical:x}"));
        Assert.That(domain.Buffers, Is.EqualTo(1));
    }

    [Test]
    public void WhatMappingCostIsCountedByTheClockItIsGiven()
    {
        ulong now = 1000;
        _translation.Clock = () => now += 250;

        DmaBuffer buffer = Allocate(_nvme, 4096);
        buffer.Free();
        _authority.Lend(_ahci, new byte[Page], 0, 64, CapabilityRights.Read, CapabilityAuthority.Below4GiB, out DmaBuffer lent);
        var answered = new GrowableArray<DmaBuffer>();
        answered.Add(lent);
        _authority.EndLoans(answered);

        Assert.That((_translation.MapCalls, _translation.UnmapCalls), Is.EqualTo((2UL, 2UL)));
        Assert.That(_translation.MapNanoseconds, Is.EqualTo(2 * 250UL), "each call read the clock before and after");
        Assert.That(_translation.UnmapNanoseconds, Is.EqualTo(3 * 250UL), "two unmaps and the loans' one flush");
    }

    [Test]
    public void WithoutARunningUnitNothingIsTranslatedAndSaysWhy()
    {
        var memory = new SimulatedPhysicalMemory();
        var frames = new TableFrames(8, memory);
        memory.Map(RegisterBase, 0x1000, new SimulatedVtd(memory, capabilities: SimulatedVtd.QemuCapabilities | 1UL << 4));
        var unit = new DmarRemappingUnit(1, 0, 0, RegisterBase, []);

        var translation = IommuTranslation.Start([unit], [], 39, memory, frames.Tables);

        Assert.That(translation.Translating, Is.False);
        Assert.That(translation.UnitErrors, Is.EqualTo(new[] { "the unit needs write-buffer flushing (CAP.RWBF), which Zos does not do" }));
        Assert.That(translation.Attach(_nvme, Nvme), Is.Null);
        Assert.That(translation.DomainOf(_nvme), Is.Null, "an INCLUDE_PCI_ALL unit that did not start covers nothing");
    }
}
