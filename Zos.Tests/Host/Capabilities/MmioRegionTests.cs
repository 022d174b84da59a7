using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class MmioRegionTests
{
    [Test]
    public void ReadsAndWrites32And64BitRegistersAtOffsets()
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0x100, 0x100, CapabilityRights.ReadWrite);
        bench.Memory.Poke(0xFEB0_0104, 0x11E8_1234);

        Assert.That(region.PhysicalBase, Is.EqualTo(0xFEB0_0100));
        Assert.That(region.Caching, Is.EqualTo(MmioCaching.Uncached));
        Assert.That(region.Read32(4), Is.EqualTo(0x11E8_1234));
        region.Write64(0xF8, 0x0123_4567_89AB_CDEF);
        Assert.That(region.Read64(0xF8), Is.EqualTo(0x0123_4567_89AB_CDEF));
        region.Write32(0, 5);
        Assert.That(bench.Memory.Peek(0xFEB0_0100), Is.EqualTo(5));
    }

    [Test]
    public void ReadsAndWrites8And16BitRegistersWithAccessesOfThatWidth()
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0x100, 0x10, CapabilityRights.ReadWrite);
        bench.Memory.Poke(0xFEB0_0103, 0xA5, width: 1);
        bench.Memory.Poke(0xFEB0_010E, 0xBEEF, width: 2);

        Assert.That(region.Read8(3), Is.EqualTo(0xA5));
        Assert.That(region.Read16(0xE), Is.EqualTo(0xBEEF));
        region.Write8(0xF, 0x7F);
        region.Write16(2, 0x1234);

        Assert.That(bench.Memory.Accesses.Select(a => a.ToString()), Is.EqualTo(new[]
        {
            "mmio8 read 0xfeb00103 0xa5", "mmio16 read 0xfeb0010e 0xbeef", "mmio8 write 0xfeb0010f 0x7f", "mmio16 write 0xfeb00102 0x1234",
        }));
    }

    [Test]
    public void NarrowAccessesAreCheckedLikeWideOnes()
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0x100, 0x10, CapabilityRights.Read);

        bench.AssertViolation(() => region.Read8(0x10), ViolationReason.OutOfRange);
        bench.AssertViolation(() => region.Read16(5), ViolationReason.Misaligned);
        bench.AssertViolation(() => region.Read16(0x10), ViolationReason.OutOfRange);
        bench.AssertViolation(() => region.Write8(0, 1), ViolationReason.MissingRights);
        bench.AssertViolation(() => region.Write16(2, 1), ViolationReason.MissingRights);
        Assert.That(region.Read16(0xE), Is.EqualTo(0));
    }

    [TestCase(0x100UL, 4)]
    [TestCase(0xFCUL, 8)]
    [TestCase(ulong.MaxValue - 3, 4)]
    public void AnAccessOutsideTheRegionIsAViolation(ulong offset, int width)
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0x100, 0x100, CapabilityRights.ReadWrite);

        CapabilityEvent violation = bench.AssertViolation(() =>
        {
            if (width == 4) region.Read32(offset);
            else region.Write64(offset, 1);
        }, ViolationReason.OutOfRange);
        Assert.That(violation.Address, Is.EqualTo(0xFEB0_0100 + offset));
    }

    [Test]
    public void AMisalignedAccessIsAViolation()
    {
        var bench = new CapabilityBench();
        MmioRegion region = bench.GrantMmio(0, 0x100, CapabilityRights.ReadWrite);

        bench.AssertViolation(() => region.Read32(2), ViolationReason.Misaligned);
        bench.AssertViolation(() => region.Write64(4, 0), ViolationReason.Misaligned);
    }

    [Test]
    public void RightsAreCheckedPerDirection()
    {
        var bench = new CapabilityBench();
        MmioRegion readOnly = bench.GrantMmio(0, 0x10, CapabilityRights.Read);

        readOnly.Read64(8);
        bench.AssertViolation(() => readOnly.Write32(0, 1), ViolationReason.MissingRights);
        bench.AssertViolation(() => readOnly.Write64(8, 1), ViolationReason.MissingRights);
    }

    [Test]
    public void ARegionTheHardwareCannotReachIsNotDeclared()
    {
        var bench = new CapabilityBench();

        CapabilityDenial? denial = bench.Authority.DeclareMmio(0x2_0000_0000, 0x1000, MmioCaching.Uncached, out MmioRegion region);

        Assert.That(region, Is.Null);
        Assert.That(denial!.Reason, Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(denial.Message, Does.Contain("0x200000000"));
    }
}
