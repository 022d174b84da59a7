using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// The edges of an MMIO region and a DMA pool, where mutation testing found
// checks no test could tell from a slightly wrong one.
public class RegionEdgeTests
{
    private const ulong Base = CapabilityBench.MmioBase;

    [Test]
    public void ARegionOfExactlyOneAccessAllowsItAndTheLastAlignedOffsetOfALargerOneToo()
    {
        var bench = new CapabilityBench();
        MmioRegion four = bench.GrantMmio(0x100, 4, CapabilityRights.ReadWrite);
        four.Write32(0, 0xA5A5_5A5A);
        Assert.That(four.Read32(0), Is.EqualTo(0xA5A5_5A5A));
        bench.AssertViolation(() => four.Read64(0), ViolationReason.OutOfRange);

        MmioRegion page = bench.GrantMmio(0, 0x1000, CapabilityRights.ReadWrite);
        page.Write64(0x1000 - 8, 7);
        Assert.That(page.Read64(0x1000 - 8), Is.EqualTo(7UL));
        bench.AssertViolation(() => page.Read64(0x1000), ViolationReason.OutOfRange);
    }

    [Test]
    public void A64BitReadIsCheckedForRightsAndRange()
    {
        var bench = new CapabilityBench();
        MmioRegion writeOnly = bench.GrantMmio(0, 0x100, CapabilityRights.Write);
        bench.AssertViolation(() => writeOnly.Read64(0), ViolationReason.MissingRights);
        MmioRegion readable = bench.GrantMmio(0, 0x100, CapabilityRights.Read);
        bench.AssertViolation(() => readable.Read64(0x100), ViolationReason.OutOfRange);
    }

    [Test]
    public void AMisalignedAccessIsReportedAtItsAddress()
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0x200, 0x100, CapabilityRights.Read);
        CapabilityEvent violation = bench.AssertViolation(() => region.Read32(2), ViolationReason.Misaligned);
        Assert.That(violation.Address, Is.EqualTo(Base + 0x202));
    }

    [Test]
    public void ADerivedRegionIsWhereItsOffsetSaysAndTheRefusalsSayWhy()
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0x200, 0x100, CapabilityRights.ReadWrite);
        Assert.That(region.Describe(), Is.EqualTo($"mmio 0x{Base + 0x200:x}+0x100 read,write"));

        Assert.That(region.Derive(0x40, 0x20, CapabilityRights.Read, out MmioRegion derived), Is.Null);
        Assert.That(derived.Describe(), Is.EqualTo($"mmio 0x{Base + 0x240:x}+0x20 read"));

        Assert.That(region.Derive(0x10, 0, CapabilityRights.Read, out _)!.Message, Is.EqualTo("size 0"));
        Assert.That(region.Derive(0xF0, 0x20, CapabilityRights.Read, out _)!.Message, Is.EqualTo("offset 0xf0 size 0x20 in 0x100 bytes"));
    }

    [Test]
    public void APoolRefusesAnEmptyBufferAndDescribesItsUse()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(0, out DmaBuffer none)!.Reason, Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(none, Is.Null);
        Assert.That(pool.Allocate(4096, out _), Is.Null);
        Assert.That(pool.Describe(), Is.EqualTo("dma pool 4096/8192 bytes below 0x100000000 read,write,allocate"));
    }

    [Test]
    public void APoolsQuotaGoesBackToTheBudgetOnce()
    {
        var bench = new CapabilityBench();
        bench.GrantDma(8192);
        bench.GrantDma(4096);
        bench.Authority.RevokeAll(bench.Driver);

        bench.Authority.ReclaimDmaMemory(bench.Driver);
        Assert.That(bench.Authority.DmaGrantedBytes, Is.Zero);
        bench.Authority.ReclaimDmaMemory(bench.Driver);
        Assert.That(bench.Authority.DmaGrantedBytes, Is.Zero, "a second reclaim returns nothing twice");
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, CapabilityBench.DmaBudget, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate, out _),
            Is.Null, "the whole budget is free again, no more");
    }

    [Test]
    public void InARegionWhoseSizeIsNotAMultipleOfTheWidthTheLastMisalignedOffsetIsMisalignedNotOutOfRange()
    {
        var bench = new CapabilityBench();
        MmioRegion six = bench.GrantMmio(0x300, 6, CapabilityRights.Read);

        Assert.That(six.Read16(4), Is.Zero);
        bench.AssertViolation(() => six.Read32(2), ViolationReason.Misaligned);
        bench.AssertViolation(() => six.Read32(4), ViolationReason.OutOfRange);
    }

    [Test]
    public void AnAccessBeyondADmaBufferIsReportedAtItsPhysicalAddress()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.GrantDma(8192).Allocate(64, out DmaBuffer buffer), Is.Null);

        CapabilityEvent violation = bench.AssertViolation(() => buffer.Read32(64), ViolationReason.OutOfRange);

        Assert.That(violation.Address, Is.EqualTo(SimulatedDmaMemory.RamBase + 64));
    }

    [Test]
    public void APoolBufferDescribesItselfAsOwnedNotLent()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.GrantDma(8192).Allocate(100, out DmaBuffer buffer), Is.Null);

        Assert.That(buffer.IsLent, Is.False);
        Assert.That(buffer.Describe(), Is.EqualTo($"dma buffer device 0x{SimulatedDmaMemory.RamBase + SimulatedDmaMemory.DeviceOffset:x} 100 bytes read,write"));
    }
}
