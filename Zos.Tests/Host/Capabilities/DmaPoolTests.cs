using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class DmaPoolTests
{
    [Test]
    public void AllocatesZeroedPageRoundedBuffersWithDeviceAddresses()
    {
        var bench = new CapabilityBench();
        bench.Ram.AsSpan().Fill(0xEE);
        DmaPool pool = bench.GrantDma(16 * 1024);

        Assert.That(pool.Allocate(100, out DmaBuffer buffer), Is.Null);

        Assert.That(buffer.Length, Is.EqualTo(100));
        Assert.That(buffer.DeviceAddress, Is.EqualTo(SimulatedDmaMemory.RamBase + SimulatedDmaMemory.DeviceOffset));
        Assert.That(pool.AllocatedBytes, Is.EqualTo(4096));
        Assert.That(bench.Ram.Take(4096), Is.All.EqualTo(0), "a buffer must not show a previous owner's data");
        Assert.That(bench.Ram[4096], Is.EqualTo(0xEE));
        Assert.That(buffer.Rights, Is.EqualTo(CapabilityRights.ReadWrite));
    }

    [Test]
    public void ReadsAndWritesBytesAndWordsAtOffsets()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(64, out DmaBuffer buffer), Is.Null);

        buffer.Write32(0, 0xAABB_CCDD);
        buffer.Write64(8, 0x0102_0304_0506_0708);
        buffer.Write16(16, 0x1234);
        buffer.Write8(63, 0x7F);
        buffer.CopyFrom(20, new byte[] { 9, 8, 7 });
        var copy = new byte[3];
        buffer.CopyTo(20, copy);

        Assert.That(buffer.Read8(0), Is.EqualTo(0xDD));
        Assert.That(buffer.Read32(0), Is.EqualTo(0xAABB_CCDD));
        Assert.That(buffer.Read64(8), Is.EqualTo(0x0102_0304_0506_0708));
        Assert.That(buffer.Read16(16), Is.EqualTo(0x1234));
        Assert.That(buffer.Read8(63), Is.EqualTo(0x7F));
        Assert.That(copy, Is.EqualTo(new byte[] { 9, 8, 7 }));
        Assert.That(bench.Ram[8], Is.EqualTo(0x08), "little-endian in memory, as the device sees it");
    }

    [TestCase(-1)]
    [TestCase(61)]
    [TestCase(64)]
    // Where offset + width overflows an int: a range check written as offset + width <= length would pass these.
    [TestCase(int.MaxValue)]
    [TestCase(int.MaxValue - 2)]
    [TestCase(int.MinValue)]
    public void AccessesBeyondTheBufferAreViolations(int offset)
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(64, out DmaBuffer buffer), Is.Null);

        bench.AssertViolation(() => buffer.Read32(offset), ViolationReason.OutOfRange);
        bench.AssertViolation(() => buffer.CopyFrom(offset, new byte[4]), ViolationReason.OutOfRange);
    }

    [Test]
    public void AllocationBeyondTheQuotaIsDenied()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(4096, out _), Is.Null);

        CapabilityDenial? denial = pool.Allocate(4097, out DmaBuffer refused);

        Assert.That(refused, Is.Null);
        Assert.That(denial!.Reason, Is.EqualTo(DenialReason.QuotaExceeded));
        Assert.That(denial.Message, Is.EqualTo("8192 bytes asked, 4096 left"));
        Assert.That(pool.Allocate(4096, out _), Is.Null, "the rest of the quota is still there");
        Assert.That(bench.Driver.Denials, Is.EqualTo(1));
    }

    [Test]
    public void NoMemoryBelowTheDeviceAddressLimitIsDenied()
    {
        var bench = new CapabilityBench();
        ulong limit = SimulatedDmaMemory.RamBase + SimulatedDmaMemory.DeviceOffset + 4096;
        DmaPool pool = bench.GrantDma(16384, limit);

        Assert.That(pool.Allocate(4096, out DmaBuffer low), Is.Null);
        Assert.That(low.DeviceAddress + 4096, Is.LessThanOrEqualTo(limit));
        CapabilityDenial? denial = pool.Allocate(4096, out _);
        Assert.That(denial!.Reason, Is.EqualTo(DenialReason.Unavailable));
    }

    [Test]
    public void FreeReturnsTheMemoryAndRevokesTheBuffer()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(5000, out DmaBuffer buffer), Is.Null);
        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(2));

        buffer.Free();

        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(0));
        Assert.That(pool.AllocatedBytes, Is.EqualTo(0));
        bench.AssertViolation(() => buffer.Read8(0), ViolationReason.Revoked);
        bench.AssertViolation(() => buffer.Free(), ViolationReason.Revoked);
    }

    [Test]
    public void APoolWithoutAllocateRightCannotAllocate()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192, rights: CapabilityRights.ReadWrite);

        bench.AssertViolation(() => pool.Allocate(64, out _), ViolationReason.MissingRights);
    }

    [Test]
    public void BuffersOfAReadOnlyDerivedPoolCannotBeWrittenAndShareTheQuota()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Derive(CapabilityRights.Allocate | CapabilityRights.Read, out DmaPool readOnly), Is.Null);

        Assert.That(readOnly.Allocate(4096, out DmaBuffer buffer), Is.Null);

        Assert.That(buffer.Read32(0), Is.EqualTo(0));
        bench.AssertViolation(() => buffer.Write8(0, 1), ViolationReason.MissingRights);
        Assert.That(pool.AllocatedBytes, Is.EqualTo(4096));
        Assert.That(pool.Allocate(8192, out _)!.Reason, Is.EqualTo(DenialReason.QuotaExceeded));
    }

    [Test]
    public void RevokedMemoryStaysTakenUntilTheKernelReclaimsIt()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(16384);
        Assert.That(pool.Allocate(4096, out DmaBuffer first), Is.Null);
        Assert.That(pool.Allocate(8192, out _), Is.Null);
        ulong budgetBefore = bench.Authority.DmaGrantedBytes;

        bench.Authority.RevokeAll(bench.Driver);

        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(3), "the device may still be writing until it is stopped");
        bench.AssertViolation(() => first.Write8(0, 1), ViolationReason.Revoked);
        Assert.That(bench.Authority.ReclaimDmaMemory(bench.Driver), Is.EqualTo(12288));
        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(0));
        Assert.That(bench.Authority.DmaGrantedBytes, Is.EqualTo(budgetBefore - 16384));
        Assert.That(bench.Authority.ReclaimDmaMemory(bench.Driver), Is.EqualTo(0), "reclaiming twice frees nothing twice");
    }
}
