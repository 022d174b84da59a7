using Zos.Drivers.VirtIO;
using Zos.Drivers.VirtIOBlock;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

public class SplitVirtqueueTests
{
    private const VirtioBlkRequestType Read = VirtioBlkRequestType.In;
    private const VirtioBlkRequestType Write = VirtioBlkRequestType.Out;
    private const ulong BlkFeatures = VirtioBlkFeature.Flush | VirtioBlkFeature.SizeMax | VirtioBlkFeature.SegMax;

    [Test]
    public void WrittenDataIsReadBackThroughTheDevice()
    {
        var rig = new VirtioBlkRig();
        rig.FillData(0, 8192, seed: 1);

        var write = rig.RoundTrip(Write, sector: 10, dataOffset: 0, bytes: 8192);
        var read = rig.RoundTrip(Read, sector: 10, dataOffset: 16384, bytes: 8192);

        Assert.That(write.Result.Succeeded && read.Result.Succeeded, Is.True);
        Assert.That(rig.Device.Disk.AsSpan(10 * 512, 8192).ToArray(), Is.EqualTo(VirtioBlkRig.Pattern(8192, 1)));
        Assert.That(rig.ReadData(16384, 8192), Is.EqualTo(VirtioBlkRig.Pattern(8192, 1)));
        Assert.That(write.WrittenBytes, Is.EqualTo(1), "a write's device-writable part is the status byte");
        Assert.That(read.WrittenBytes, Is.EqualTo(8193), "a read writes the data and the status");
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(16));
        Assert.That(rig.Queue.InFlight, Is.EqualTo(0));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty);
    }

    [Test]
    public void AChainIsLinkedDescriptorsAndOneAvailableEntryThatPublishMakesVisible()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        var layout = new VirtqueueLayout(8);
        var chain = new[]
        {
            new VirtqueueSegment(0x1000_1000, 16, false),
            new VirtqueueSegment(0x1000_2000, 512, true),
            new VirtqueueSegment(0x1000_3000, 1, true),
        };

        Assert.That(rig.Queue.TryAdd(chain, out ushort head), Is.True);

        Assert.That(head, Is.EqualTo(0));
        Assert.That(rig.Ring.Read64(0), Is.EqualTo(0x1000_1000));
        Assert.That(rig.Ring.Read32(8), Is.EqualTo(16));
        Assert.That(rig.Ring.Read16(12), Is.EqualTo(VirtqueueFormat.DescriptorNext));
        Assert.That(rig.Ring.Read16(14), Is.EqualTo(1));
        Assert.That(rig.Ring.Read16(16 + 12), Is.EqualTo(VirtqueueFormat.DescriptorNext | VirtqueueFormat.DescriptorWrite));
        Assert.That(rig.Ring.Read16(16 + 14), Is.EqualTo(2));
        Assert.That(rig.Ring.Read16(32 + 12), Is.EqualTo(VirtqueueFormat.DescriptorWrite), "the last descriptor has no NEXT");
        Assert.That(rig.Ring.Read16(32 + 14), Is.EqualTo(0), "nor a next index");
        Assert.That(rig.Ring.Read16(layout.AvailableEntryOffset(0)), Is.EqualTo(head));
        Assert.That(rig.Ring.Read16(layout.AvailableIndexOffset), Is.EqualTo(0), "not visible before Publish");
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(5));

        rig.Queue.Publish();

        Assert.That(rig.Ring.Read16(layout.AvailableIndexOffset), Is.EqualTo(1));
        Assert.That(rig.Queue.DescriptorTableAddress, Is.EqualTo(rig.Ring.DeviceAddress));
        Assert.That(rig.Queue.AvailableRingAddress, Is.EqualTo(rig.Ring.DeviceAddress + 128));
        Assert.That(rig.Queue.UsedRingAddress, Is.EqualTo(rig.Ring.DeviceAddress + 4096));
    }

    // 70 000 requests through an 8-entry queue: both 16-bit indexes wrap, and
    // the free list survives every order of completion.
    [Test]
    public void IndexesWrapAroundOverManyThousandRequests()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        var random = new Random(5);
        var expected = new Dictionary<int, ulong>();
        int submitted = 0, completedCount = 0;
        while (submitted < 70_000)
        {
            int batch = random.Next(1, 3);   // 3 descriptors each: at most 2 chains fit
            for (int slot = 0; slot < batch; slot++)
            {
                ulong sector = (ulong)random.Next(0, 4000);
                rig.Submit(slot, Read, sector, slot * 512, 512);
                expected[slot] = sector;
                submitted++;
            }
            rig.Kick();
            rig.Device.Fetch();
            if (random.Next(2) == 0) rig.Device.CompleteInReverse(); else rig.Device.CompleteAll();
            foreach (var completed in rig.Reap())
            {
                Assert.That(completed.Result.Succeeded, Is.True);
                completedCount++;
            }
        }

        var layout = new VirtqueueLayout(8);
        Assert.That(completedCount, Is.EqualTo(submitted));
        Assert.That(rig.Ring.Read16(layout.AvailableIndexOffset), Is.EqualTo((ushort)submitted), "the available idx wrapped");
        Assert.That(rig.Ring.Read16(layout.UsedIndexOffset), Is.EqualTo((ushort)submitted), "the used idx wrapped");
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(8));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty);
    }

    private static readonly VirtqueueSegment[] OneSegment = [new VirtqueueSegment(0x1000_1000, 512, true)];

    // A hostile device writing the used ring itself: one element, then the idx.
    private static void DeviceUses(VirtioBlkRig rig, int queueSize, ushort slot, uint id, ushort usedIndex)
    {
        var layout = new VirtqueueLayout(queueSize);
        rig.Ring.Write64(layout.UsedElementOffset(slot & (queueSize - 1)), id);
        rig.Ring.Write16(layout.UsedIndexOffset, usedIndex);
    }

    [Test]
    public void ACompletionOfAChainAddedButNeverPublishedIsAProtocolError()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        Assert.That(rig.Queue.TryAdd(OneSegment, out ushort published), Is.True);
        rig.Queue.Publish();
        Assert.That(rig.Queue.TryAdd(OneSegment, out ushort unpublished), Is.True);

        DeviceUses(rig, 8, slot: 0, id: unpublished, usedIndex: 1);

        var error = Assert.Throws<VirtioProtocolException>(() => rig.Queue.TryTakeUsed(out _))!;
        Assert.That(error.Message, Is.EqualTo($"used id {unpublished} is not a request in flight"));
        Assert.That(published, Is.Not.EqualTo(unpublished));
    }

    // Near the 16-bit wrap, a used idx 300 ahead lands on a small number: only
    // a difference taken modulo 2^16 sees it is beyond the one chain in flight.
    [Test]
    public void AUsedIndexJumpAcrossThe16BitWrapIsCaught()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        for (int i = 0; i < 65_530; i++)
        {
            Assert.That(rig.Queue.TryAdd(OneSegment, out ushort head), Is.True);
            rig.Queue.Publish();
            DeviceUses(rig, 8, slot: (ushort)i, id: head, usedIndex: (ushort)(i + 1));
            Assert.That(rig.Queue.TryTakeUsed(out _), Is.True);
        }
        Assert.That(rig.Queue.TryAdd(OneSegment, out ushort last), Is.True);
        rig.Queue.Publish();

        DeviceUses(rig, 8, slot: 65_530 & 7, id: last, usedIndex: unchecked((ushort)(65_530 + 300)));

        var error = Assert.Throws<VirtioProtocolException>(() => rig.Queue.TryTakeUsed(out _))!;
        Assert.That(error.Message, Is.EqualTo("used index jumped from 65530 to 294 with 1 in flight"));
    }

    [Test]
    public void AsManyRequestsAsDescriptorsAreInFlightAndAFullQueueRefusesWithoutChange()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        var heads = new HashSet<ushort>();
        for (int i = 0; i < 8; i++)
        {
            Assert.That(rig.Queue.TryAdd(new[] { new VirtqueueSegment(rig.Data.DeviceAddress, 1, true) }, out ushort head), Is.True);
            heads.Add(head);
        }

        Assert.That(heads, Has.Count.EqualTo(8), "each chain has its own head");
        Assert.That(rig.Queue.InFlight, Is.EqualTo(8));
        Assert.That(rig.Queue.TryAdd(new[] { new VirtqueueSegment(rig.Data.DeviceAddress, 1, true) }, out _), Is.False);
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(0));
    }

    [Test]
    public void AChainThatDoesNotFitWaitsForACompletion()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        rig.Submit(0, Read, 0, 0, 512);
        rig.Submit(1, Read, 1, 512, 512);

        Assert.That(rig.TrySubmit(2, Read, 2, 1024, 512, out _), Is.False, "3 descriptors asked, 2 free");
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(2));
        Assert.That(rig.Queue.InFlight, Is.EqualTo(2));

        rig.Kick();
        rig.Device.Fetch();
        rig.Device.CompleteAll();
        Assert.That(rig.Reap(), Has.Count.EqualTo(2));
        Assert.That(rig.TrySubmit(2, Read, 2, 1024, 512, out _), Is.True);
    }

    [Test]
    public void CompletionsInAnyOrderReachTheirRequests()
    {
        var rig = new VirtioBlkRig(queueSize: 32);
        for (int sector = 0; sector < 8; sector++) VirtioBlkRig.Pattern(512, sector).CopyTo(rig.Device.Disk, sector * 512);
        var heads = new List<ushort>();
        for (int slot = 0; slot < 8; slot++) heads.Add(rig.Submit(slot, Read, (ulong)slot, slot * 512, 512));
        rig.Kick();
        rig.Device.Fetch();

        rig.Device.Complete(heads[5]);
        rig.Device.Complete(heads[2]);
        rig.Device.CompleteInReverse();
        var completed = rig.Reap();

        Assert.That(completed.Select(c => c.Slot), Is.EqualTo(new[] { 5, 2, 7, 6, 4, 3, 1, 0 }));
        for (int slot = 0; slot < 8; slot++) Assert.That(rig.ReadData(slot * 512, 512), Is.EqualTo(VirtioBlkRig.Pattern(512, slot)));
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(32));
    }

    [Test]
    public void WithEventIndexTheDeviceIsNotifiedOnlyWhenItAskedForIt()
    {
        var rig = new VirtioBlkRig(features: BlkFeatures | VirtioFeature.EventIndex);

        rig.Submit(0, Read, 0, 0, 512);
        Assert.That(rig.Kick(), Is.True, "avail_event 0: the first chain is wanted");
        rig.Submit(1, Read, 1, 512, 512);
        Assert.That(rig.Kick(), Is.False, "the device has not fetched since it was notified");
        Assert.That(rig.Device.Fetch(), Is.EqualTo(2), "it finds both anyway");
        rig.Submit(2, Read, 2, 1024, 512);
        rig.Submit(3, Read, 3, 1536, 512);
        Assert.That(rig.Kick(), Is.True, "it fetched up to 2 and asked for the next one");
        Assert.That(rig.Kick(), Is.False, "nothing new was published");
        Assert.That(rig.Device.Notifications, Is.EqualTo(2));
    }

    [Test]
    public void WithoutEventIndexTheUsedRingFlagDecides()
    {
        var rig = new VirtioBlkRig();

        rig.Device.SuppressNotifications = true;
        rig.Submit(0, Read, 0, 0, 512);
        Assert.That(rig.Kick(), Is.False, "VIRTQ_USED_F_NO_NOTIFY");
        rig.Device.SuppressNotifications = false;
        rig.Submit(1, Read, 1, 512, 512);
        Assert.That(rig.Kick(), Is.True);
        Assert.That(rig.Kick(), Is.False, "nothing new was published");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void InterruptsAreSuppressedAndAnEnableSeesWhatCameMeanwhile(bool eventIndex)
    {
        var rig = new VirtioBlkRig(features: BlkFeatures | (eventIndex ? VirtioFeature.EventIndex : 0));
        Assert.That(rig.Queue.EnableInterruptsAndCheckUsed(), Is.False, "nothing used yet: safe to wait");

        rig.Submit(0, Read, 0, 0, 512);
        rig.Submit(1, Read, 1, 512, 512);
        rig.Kick();
        rig.Device.Fetch();
        rig.Device.CompleteAll();
        Assert.That(rig.Device.Interrupts, Is.EqualTo(eventIndex ? 1 : 2), "event index: one interrupt until re-armed");

        rig.Queue.DisableInterrupts();
        Assert.That(rig.Reap(), Has.Count.EqualTo(2));
        rig.Submit(0, Read, 0, 0, 512);
        rig.Kick();
        rig.Device.ProcessAll();   // completes while the driver is between reaping and waiting
        Assert.That(rig.Device.Interrupts, Is.EqualTo(eventIndex ? 1 : 2), "disabled: no interrupt");

        Assert.That(rig.Queue.EnableInterruptsAndCheckUsed(), Is.True, "the completion that came meanwhile must not be slept through");
        Assert.That(rig.Reap(), Has.Count.EqualTo(1));
        Assert.That(rig.Queue.EnableInterruptsAndCheckUsed(), Is.False);
        rig.Submit(0, Read, 0, 0, 512);
        rig.Kick();
        rig.Device.ProcessAll();
        Assert.That(rig.Device.Interrupts, Is.EqualTo(eventIndex ? 2 : 3), "enabled again: the next completion interrupts");
    }

    [Test]
    public void IndirectChainsTakeOneDescriptorEach()
    {
        var rig = new VirtioBlkRig(queueSize: 8, features: BlkFeatures | VirtioFeature.IndirectDescriptors, indirectDescriptorsPerTable: 8);
        for (int slot = 0; slot < 8; slot++)
        {
            rig.FillData(slot * 1024, 1024, seed: slot);
            rig.Submit(slot, Write, (ulong)(slot * 2), slot * 1024, 1024);
        }

        Assert.That(rig.Queue.UsesIndirectDescriptors, Is.True);
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(0), "8 chains of 3 segments in 8 descriptors");
        rig.Kick();
        rig.Device.Fetch();
        rig.Device.CompleteInReverse();
        Assert.That(rig.Reap().All(c => c.Result.Succeeded), Is.True);

        Assert.That(rig.Device.IndirectChains, Is.EqualTo(8));
        for (int slot = 0; slot < 8; slot++)
            Assert.That(rig.Device.Disk.AsSpan(slot * 1024, 1024).ToArray(), Is.EqualTo(VirtioBlkRig.Pattern(1024, slot)));
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(8));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty);
    }

    [Test]
    public void AChainLongerThanAnIndirectTableGoesDirect()
    {
        var rig = new VirtioBlkRig(queueSize: 16, features: BlkFeatures | VirtioFeature.IndirectDescriptors, indirectDescriptorsPerTable: 4,
            configure: device => device.SizeMax = 512);

        rig.Submit(0, Read, 0, 0, 4 * 512);   // header, 4 data segments, status: 6 > 4

        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(10));
        rig.Kick();
        rig.Device.ProcessAll();
        Assert.That(rig.Reap().Single().Result.Succeeded, Is.True);
        Assert.That(rig.Device.IndirectChains, Is.EqualTo(0));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty);
    }

    [Test]
    public void IndirectTablesAreUnusedWhenTheFeatureWasNotNegotiated()
    {
        var rig = new VirtioBlkRig(queueSize: 8, features: BlkFeatures, indirectDescriptorsPerTable: 8);

        Assert.That(rig.Queue.UsesIndirectDescriptors, Is.False);
        rig.Submit(0, Read, 0, 0, 512);
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(5));
    }

    [Test]
    public void ResetForgetsEveryChainAndTheQueueWorksAgain()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        rig.Submit(0, Read, 0, 0, 512);
        rig.Submit(1, Read, 1, 512, 512);
        rig.Kick();
        rig.Device.Fetch();

        rig.ResetQueue();   // after a device reset: the device forgot the queue too

        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(8));
        Assert.That(rig.Queue.InFlight, Is.EqualTo(0));
        var ringBytes = new byte[new VirtqueueLayout(8).TotalBytes];
        rig.Ring.CopyTo(0, ringBytes);
        Assert.That(ringBytes, Is.All.EqualTo(0));
        rig.FillData(0, 512, seed: 9);
        Assert.That(rig.RoundTrip(Write, 3, 0, 512).Result.Succeeded, Is.True);
        Assert.That(rig.Device.Disk.AsSpan(3 * 512, 512).ToArray(), Is.EqualTo(VirtioBlkRig.Pattern(512, 9)));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty);
    }
    private static IEnumerable<TestCaseData> ChainsNoQueueTakes()
    {
        var readable = new VirtqueueSegment(0x1000_0000, 16, false);
        var writable = new VirtqueueSegment(0x1000_1000, 1, true);
        yield return new TestCaseData(Array.Empty<VirtqueueSegment>(), "a descriptor chain needs at least one segment");
        yield return new TestCaseData(new[] { writable, readable },
            "segment 1 is device-readable after a device-writable one (readable segments come first)");
        yield return new TestCaseData(new[] { readable, new VirtqueueSegment(0x1000_1000, 0, true) }, "segment 1 of the chain is empty");
        yield return new TestCaseData(Enumerable.Repeat(writable, 9).ToArray(), "a chain of 9 segments is longer than the queue (8)");
        yield return new TestCaseData(new[] { new VirtqueueSegment(0, uint.MaxValue, false), new VirtqueueSegment(0, 2, true) },
            "a chain holds at most 4 GiB, not 4294967297 bytes");
    }

    [TestCaseSource(nameof(ChainsNoQueueTakes))]
    public void AChainNoQueueTakesIsRefusedAndChangesNothing(VirtqueueSegment[] chain, string message)
    {
        var rig = new VirtioBlkRig(queueSize: 8);

        var thrown = Assert.Throws<ArgumentException>(() => rig.Queue.TryAdd(chain, out _))!;

        Assert.That(thrown.Message, Is.EqualTo(message));
        Assert.That((rig.Queue.FreeDescriptors, rig.Queue.InFlight), Is.EqualTo((8, 0)));
    }

    [Test]
    public void ARingThatIsTooSmallOrNotOnAPageIsRefused()
    {
        var rig = new VirtioBlkRig(queueSize: 8);
        DmaBuffer small = rig.Allocate(4096);

        var tooSmall = Assert.Throws<ArgumentException>(() => new SplitVirtqueue(small, 8, 0))!;
        var tables = Assert.Throws<ArgumentException>(() => new SplitVirtqueue(rig.Ring, 8, VirtioFeature.IndirectDescriptors,
            new IndirectDescriptorTables(rig.Allocate(IndirectDescriptorTables.BytesFor(4, 2)), 4, 2)))!;

        Assert.That(tooSmall.Message, Is.EqualTo("a queue of 8 needs 8192 bytes, the ring buffer has 4096"));
        Assert.That(tables.Message, Is.EqualTo("indirect tables for a queue of 4 cannot serve a queue of 8"));
    }

    [Test]
    public void AChainAsLongAsTheQueueFillsIt()
    {
        var rig = new VirtioBlkRig(queueSize: 8);

        Assert.That(rig.Queue.TryAdd(Enumerable.Repeat(new VirtqueueSegment(0x1000_1000, 1, true), 8).ToArray(), out _), Is.True);

        Assert.That(rig.Queue.FreeDescriptors, Is.Zero);
    }

    [Test]
    public void AChainOfExactly4GiBIsTaken()
    {
        var rig = new VirtioBlkRig(queueSize: 8);

        Assert.That(rig.Queue.TryAdd(new[] { new VirtqueueSegment(0, uint.MaxValue, false), new VirtqueueSegment(0, 1, true) }, out _), Is.True);
    }

    [Test]
    public void ARingOffAPageBoundaryIsRefused()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.Authority.Lend(bench.Driver, new byte[3 * 4096], 16, 2 * 4096, CapabilityRights.ReadWrite, CapabilityAuthority.Below4GiB,
            out DmaBuffer lent), Is.Null);

        var thrown = Assert.Throws<ArgumentException>(() => new SplitVirtqueue(lent, 8, 0))!;

        Assert.That(thrown.Message, Is.EqualTo("the ring must start on a 4096-byte boundary (the legacy interface takes its page number), not at 0x"
            + lent.DeviceAddress.ToString("x")));
    }

    // With event indexes, suppressing interrupts sets used_event one behind the next used entry: no completion passes it.
    [Test]
    public void WithEventIndexDisabledInterruptsStayOffForEveryCompletion()
    {
        var rig = new VirtioBlkRig(features: BlkFeatures | VirtioFeature.EventIndex);
        rig.RoundTrip(Read, 0, 0, 512);
        Assert.That(rig.Queue.EnableInterruptsAndCheckUsed(), Is.False);   // used_event 1: the next completion would interrupt
        int interrupts = rig.Device.Interrupts;

        rig.Queue.DisableInterrupts();
        Assert.That(rig.Ring.Read16(new VirtqueueLayout(16).UsedEventOffset), Is.EqualTo(0), "one behind the next used entry, 1");
        rig.Submit(0, Read, 0, 0, 512);
        rig.Submit(1, Read, 1, 512, 512);
        rig.Kick();
        rig.Device.ProcessAll();

        Assert.That(rig.Device.Interrupts, Is.EqualTo(interrupts));
        Assert.That(rig.Reap(), Has.Count.EqualTo(2));
    }
}
