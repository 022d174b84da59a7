using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// Records what the authority asks of its IOMMU, and what the DMA memory held at that moment.
public sealed class RecordingDmaTranslation(SimulatedDmaMemory memory) : DmaTranslation
{
    public List<string> Calls { get; } = new();
    public string? RefuseMaps { get; set; }
    public string? RefuseUnmaps { get; set; }
    // Pages of the DMA memory in use when each unmap was asked.
    public List<int> UsedPagesAtUnmap { get; } = new();

    public override string? Map(CapabilityOwner owner, ulong deviceAddress, ulong physicalAddress, ulong bytes, CapabilityRights rights)
    {
        Calls.Add($"map {owner.Name} 0x{deviceAddress:x} -> 0x{physicalAddress:x} {bytes} {CapabilityText.Of(rights)}");
        return RefuseMaps;
    }

    public override string? UnmapUnflushed(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights)
    {
        Calls.Add($"unmap unflushed {owner.Name} 0x{deviceAddress:x} {bytes} {CapabilityText.Of(rights)}");
        return null;
    }

    public string? RefuseFlush { get; set; }

    public override string? FlushUnmaps()
    {
        Calls.Add("flush");
        return RefuseFlush;
    }

    public override string? Unmap(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights)
    {
        Calls.Add($"unmap {owner.Name} 0x{deviceAddress:x} {bytes} {CapabilityText.Of(rights)}");
        UsedPagesAtUnmap.Add(memory.UsedPages);
        return RefuseUnmaps;
    }
}

public class DmaTranslationTests
{
    private const ulong Ram = SimulatedDmaMemory.RamBase;
    private const ulong Device = SimulatedDmaMemory.DeviceOffset;

    private static (CapabilityBench, RecordingDmaTranslation) Bench()
    {
        var bench = new CapabilityBench();
        var translation = new RecordingDmaTranslation(bench.DmaMemory);
        bench.Authority.Translation = translation;
        return (bench, translation);
    }

    [Test]
    public void APoolBufferIsMappedWholeWithThePoolsRightsAndUnmappedBeforeItsMemoryIsFreed()
    {
        var (bench, translation) = Bench();
        DmaPool pool = bench.GrantDma(16 * 1024);
        Assert.That(pool.Derive(CapabilityRights.Allocate | CapabilityRights.Read, out DmaPool readOnly), Is.Null);

        Assert.That(pool.Allocate(5000, out DmaBuffer buffer), Is.Null);
        Assert.That(readOnly.Allocate(10, out DmaBuffer second), Is.Null);
        buffer.Free();

        Assert.That(translation.Calls, Is.EqualTo(new[]
        {
            $"map edu 0x{Ram + Device:x} -> 0x{Ram:x} 8192 read,write",
            $"map edu 0x{Ram + Device + 8192:x} -> 0x{Ram + 8192:x} 4096 read",
            $"unmap edu 0x{Ram + Device:x} 8192 read,write",
        }));
        Assert.That(translation.UsedPagesAtUnmap, Is.EqualTo(new[] { 3 }), "unmapped while its pages were still taken");
        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(1));
    }

    [Test]
    public void ABufferTheIommuCannotMapIsDeniedAndTakesNothing()
    {
        var (bench, translation) = Bench();
        DmaPool pool = bench.GrantDma(16 * 1024);
        translation.RefuseMaps = "no frame left for a page table";

        CapabilityDenial denial = pool.Allocate(100, out DmaBuffer buffer);

        Assert.That(buffer, Is.Null);
        Assert.That(denial.Reason, Is.EqualTo(DenialReason.Unavailable));
        Assert.That(denial.Message, Is.EqualTo("4096 bytes cannot be mapped for the device: no frame left for a page table"));
        Assert.That((bench.DmaMemory.UsedPages, pool.AllocatedBytes), Is.EqualTo((0, 0UL)));
    }

    [Test]
    public void ALoanMapsThePagesUnderItsSliceWithItsRightsUntilItEnds()
    {
        var (bench, translation) = Bench();
        byte[] client = new byte[64 * 1024];
        ulong array = bench.DmaMemory.PhysicalAddressOf(client);

        Assert.That(bench.Authority.Lend(bench.Driver, client, 8192 + 100, 5000, CapabilityRights.Write, CapabilityAuthority.Below4GiB, out DmaBuffer lent), Is.Null);
        bench.Authority.EndLoan(lent);

        Assert.That(translation.Calls, Is.EqualTo(new[]
        {
            $"map edu 0x{array + 8192 + Device:x} -> 0x{array + 8192:x} 8192 write",
            $"unmap edu 0x{array + 8192 + Device:x} 8192 write",
        }), "bytes 8292..13291 lie in two pages");
    }

    [Test]
    public void ALoanTheIommuCannotMapIsDenied()
    {
        var (bench, translation) = Bench();
        translation.RefuseMaps = "beyond the host address width";

        CapabilityDenial denial = bench.Authority.Lend(bench.Driver, new byte[4096], 0, 512, CapabilityRights.Read, CapabilityAuthority.Below4GiB, out DmaBuffer lent);

        Assert.That(lent, Is.Null);
        Assert.That(denial.Message, Is.EqualTo("512 lent bytes cannot be mapped for the device: beyond the host address width"));
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(0));
    }

    [Test]
    public void RevokingTheOwnerUnmapsEveryBufferOnceBeforeAnyMemoryIsReclaimed()
    {
        var (bench, translation) = Bench();
        DmaPool pool = bench.GrantDma(16 * 1024);
        Assert.That(pool.Allocate(4096, out _), Is.Null);
        Assert.That(pool.Allocate(4096, out _), Is.Null);
        Assert.That(bench.Authority.Lend(bench.Driver, new byte[4096], 0, 4096, CapabilityRights.Read, CapabilityAuthority.Below4GiB, out DmaBuffer lent), Is.Null);
        translation.Calls.Clear();

        bench.Authority.RevokeAll(bench.Driver);
        bench.Authority.EndLoan(lent);
        bench.Authority.BeginNewGeneration(bench.Driver);

        Assert.That(translation.Calls.Count(call => call.StartsWith("unmap")), Is.EqualTo(3));
        Assert.That(translation.UsedPagesAtUnmap, Is.All.EqualTo(2), "no page went back while the device could reach it");
        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(0));
    }

    [Test]
    public void ABufferWhoseMappingCannotBeTakenBackKeepsItsMemoryAndSaysWhy()
    {
        var (bench, translation) = Bench();
        DmaPool pool = bench.GrantDma(16 * 1024);
        Assert.That(pool.Allocate(4096, out DmaBuffer stuck), Is.Null);
        Assert.That(pool.Allocate(4096, out DmaBuffer fine), Is.Null);

        translation.RefuseUnmaps = "the IOTLB invalidation did not complete (IOTLB_REG.IVT stayed set)";
        stuck.Free();
        translation.RefuseUnmaps = null;
        fine.Free();

        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(1), "the page the device may still reach is never reused");
        Assert.That(bench.Authority.DmaUnmapFailures, Is.EqualTo(1));
        Assert.That(bench.Authority.LastDmaUnmapError, Is.EqualTo("edu: the IOTLB invalidation did not complete (IOTLB_REG.IVT stayed set)"));
    }

    [Test]
    public void LoansEndedTogetherLeaveTheirInvalidationToOneFlushThenEndOneByOneAgain()
    {
        var (bench, translation) = Bench();
        byte[] client = new byte[4 * 4096];
        ulong array = bench.DmaMemory.PhysicalAddressOf(client);
        var answered = new Zos.Hal.GrowableArray<DmaBuffer>();
        foreach (int page in new[] { 0, 2 })
        {
            Assert.That(bench.Authority.Lend(bench.Driver, client, page * 4096, 4096, CapabilityRights.Write, CapabilityAuthority.Below4GiB, out DmaBuffer lent), Is.Null);
            answered.Add(lent);
        }
        Assert.That(bench.Authority.Lend(bench.Driver, client, 3 * 4096, 4096, CapabilityRights.Read, CapabilityAuthority.Below4GiB, out DmaBuffer alone), Is.Null);
        translation.Calls.Clear();
        translation.RefuseFlush = "the IOTLB invalidation did not complete (IOTLB_REG.IVT stayed set)";

        bench.Authority.EndLoans(answered);
        bench.Authority.EndLoan(alone);

        Assert.That(translation.Calls, Is.EqualTo(new[]
        {
            $"unmap unflushed edu 0x{array + Device:x} 4096 write",
            $"unmap unflushed edu 0x{array + 2 * 4096 + Device:x} 4096 write",
            "flush",
            $"unmap edu 0x{array + 3 * 4096 + Device:x} 4096 read",
        }), "a loan ended on its own is unmapped and invalidated at once");
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(0), "every loan dropped from the owner's list");
        Assert.That((bench.Authority.DmaUnmapFailures, bench.Authority.LastDmaUnmapError),
            Is.EqualTo((1, "loans ended together: the IOTLB invalidation did not complete (IOTLB_REG.IVT stayed set)")));
    }

    [Test]
    public void OnlyLentBuffersEndAsLoans()
    {
        var (bench, _) = Bench();
        Assert.That(bench.GrantDma(8192).Allocate(64, out DmaBuffer pooled), Is.Null);
        var answered = new Zos.Hal.GrowableArray<DmaBuffer>();
        answered.Add(pooled);

        Assert.Throws<ArgumentException>(() => bench.Authority.EndLoans(answered));
        Assert.That(pooled.IsValid, Is.True, "refused before anything was revoked");
    }
}
