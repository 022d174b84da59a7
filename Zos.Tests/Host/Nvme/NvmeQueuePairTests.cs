using Zos.Drivers.Nvme;
using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Nvme;

// NvmeQueuePair alone over the simulated controller's queue 1 (NVMe 1.4,
// 4.1 and 4.6): slots and command ids, the ring's tail and head, phase tags
// across passes, doorbells once per batch, and what a reset leaves.
public class NvmeQueuePairTests
{
    [TestCase(1, "a queue of 2 to 256 entries, not 1")]
    [TestCase(257, "a queue of 2 to 256 entries, not 257")]
    public void AQueueOutsideWhatTheCommandIdCanNameIsRefused(int entries, string message)
    {
        var rig = BroughtUp();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Pair(rig, entries));

        Assert.That(error!.Message, Does.StartWith(message));
    }

    [Test]
    public void AQueueLargerThanCapMqesAllowsIsRefused()
    {
        // MQES 3 (0-based): at most 4 entries.
        var rig = BroughtUp(SimulatedNvmeController.QemuCap & ~0xFFFFUL | 3);

        Assert.That(Pair(rig, 4).Entries, Is.EqualTo(4));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Pair(rig, 5));
        Assert.That(error!.Message, Does.StartWith("a queue of 2 to 4 entries, not 5"));
    }

    [TestCase(16 * 64 - 1, 16 * 16, "queue memory of 1023 and 256 bytes for 16 entries")]
    [TestCase(16 * 64, 16 * 16 - 1, "queue memory of 1024 and 255 bytes for 16 entries")]
    public void QueueMemoryTooSmallForItsEntriesIsRefused(int submissionBytes, int completionBytes, string message)
    {
        var rig = BroughtUp();
        DmaBuffer submissions = rig.Lend(new byte[submissionBytes], CapabilityRights.ReadWrite);
        DmaBuffer completions = rig.Lend(new byte[completionBytes], CapabilityRights.ReadWrite);

        var error = Assert.Throws<ArgumentException>(() => new NvmeQueuePair(rig.Bar, rig.Engine.Capabilities, 1, submissions, completions, 16));

        Assert.That(error!.Message, Is.EqualTo(message));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void QueuesThatDoNotStartOnAPageAreRefused(bool submissionsUnaligned)
    {
        var rig = BroughtUp();
        // 4.1.1: PRP1 of a physically contiguous queue has its offset 0.
        DmaBuffer aligned = rig.Allocate(4096), unaligned = rig.Lend(new byte[4096 + 64], CapabilityRights.ReadWrite, offset: 64, length: 4096);
        Assume.That(unaligned.DeviceAddress & 0xFFF, Is.Not.EqualTo(0UL));
        (DmaBuffer submissions, DmaBuffer completions) = submissionsUnaligned ? (unaligned, aligned) : (aligned, unaligned);

        var error = Assert.Throws<ArgumentException>(() => new NvmeQueuePair(rig.Bar, rig.Engine.Capabilities, 1, submissions, completions, 16));

        Assert.That(error!.Message, Is.EqualTo($"queues must start on a page (4.1.1): 0x{submissions.DeviceAddress:x}, 0x{completions.DeviceAddress:x}"));
    }

    [Test]
    public void CommandIdsNameTheSlotAndCountItsUses()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 4);

        // Lowest slot first; 3 slots in 4 entries (4.1.2).
        Assert.That(Enumerable.Range(0, 3).Select(_ => io.Submit(NvmeIoCommands.Flush(1))), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That((io.InFlight, io.NextSlot), Is.EqualTo((3, -1)));
        Assert.That(Enumerable.Range(0, 3).Select(slot => (io.IsBusy(slot), io.CommandId(slot))),
            Is.EqualTo(new[] { (true, (ushort)0x0000), (true, (ushort)0x0001), (true, (ushort)0x0002) }));
        io.RingSubmissionDoorbell();
        TakeAll(io);

        Assert.That((io.InFlight, io.IsBusy(0)), Is.EqualTo((0, false)));
        int slot = io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();
        Assert.That(rig.Sim.Fetched.Last().CommandId, Is.EqualTo((ushort)(slot | 1 << 8)), "the slot's second use");
        rig.AssertNoViolations();
    }

    [Test]
    public void ASlotsUseCountWrapsAfter256Uses()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 2);

        for (int use = 0; use < 257; use++)
        {
            Assert.That(io.Submit(NvmeIoCommands.Flush(1)), Is.EqualTo(0));
            io.RingSubmissionDoorbell();
            TakeAll(io);
        }

        List<ushort> ids = rig.Sim.Fetched.Where(command => command.QueueId == 1).Select(command => command.CommandId).ToList();
        Assert.That((ids[0], ids[1], ids[255], ids[256]), Is.EqualTo(((ushort)0x0000, (ushort)0x0100, (ushort)0xFF00, (ushort)0x0000)),
            "a byte of uses: the 257th is the first's id again");
        rig.AssertNoViolations();
    }

    [Test]
    public void CompletionsAreTakenAcrossManyPassesOfTheRing()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 4);
        // 10 passes of a 4-entry completion ring: the phase tag flips on each (4.6.2).
        for (int batch = 0; batch < 20; batch++)
        {
            for (int i = 0; i < 2; i++) io.Submit(NvmeIoCommands.Flush(1));
            io.RingSubmissionDoorbell();
            Assert.That(TakeAll(io), Has.Count.EqualTo(2), $"batch {batch}");
        }

        Assert.That(rig.Sim.Namespaces[1].Flushes, Is.EqualTo(40));
        rig.AssertNoViolations();
    }

    [Test]
    public void DoorbellsAreWrittenOncePerBatchAndOnlyWhenSomethingMoved()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 16);

        io.RingSubmissionDoorbell();
        io.AcknowledgeCompletions();
        Assert.That((rig.Sim.SubmissionDoorbellWrites.GetValueOrDefault(1), rig.Sim.CompletionDoorbellWrites.GetValueOrDefault(1)), Is.EqualTo((0, 0)),
            "nothing submitted, nothing taken");
        for (int i = 0; i < 5; i++) io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();
        io.RingSubmissionDoorbell();
        Assert.That(TakeAll(io), Has.Count.EqualTo(5));
        io.AcknowledgeCompletions();

        Assert.That((rig.Sim.SubmissionDoorbellWrites[1], rig.Sim.CompletionDoorbellWrites[1]), Is.EqualTo((1, 1)));
        Assert.That((rig.Sim.SubmissionQueues[1].Tail, rig.Sim.CompletionQueues[1].Head), Is.EqualTo((5, 5)), "SQ1TDBL and CQ1HDBL say 5");
    }

    [Test]
    public void AControllerThatReportsItsHeadLateHoldsRingEntriesBeyondTheFreeSlots()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 4);
        for (int i = 0; i < 3; i++) io.Submit(NvmeIoCommands.Flush(1));
        // Every completion says SQHD 0, as if nothing had been fetched yet.
        rig.Sim.HoldIo = true;
        io.RingSubmissionDoorbell();
        foreach (SimulatedNvmeCommand held in rig.Sim.Held.ToList())
        {
            rig.Sim.NextSubmissionHead = 0;
            rig.Sim.CompleteHeld(held.CommandId);
        }

        Assert.That(TakeAll(io), Has.Count.EqualTo(3));

        Assert.That((io.InFlight, io.NextSlot), Is.EqualTo((0, -1)), "the slots are free, the ring is not: the controller may still read entries 0-2");
        var error = Assert.Throws<InvalidOperationException>(() => io.Submit(NvmeIoCommands.Flush(1)));
        Assert.That(error!.Message, Is.EqualTo("I/O queue 1 is full (0 commands in flight)"));
    }

    [Test]
    public void ACompletionNamingAnotherSubmissionQueueIsAProtocolError()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 16);
        rig.Sim.NextSubmissionQueueId = 2;
        io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();

        var error = Assert.Throws<NvmeProtocolException>(() => io.TryTakeCompletion(out _));

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: a completion (command id 0x0000) names submission queue 2"));
        Assert.That(io.InFlight, Is.EqualTo(1));
    }

    // SQHD is 0-based inside the ring: 16 entries end at 15.
    [TestCase(16, "beyond the queue's 16 entries")]
    [TestCase(2, "past the tail 1 (head was 0): commands never submitted fetched")]
    public void ASubmissionQueueHeadTheControllerCannotHaveReachedIsAProtocolError(int head, string why)
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 16);
        rig.Sim.NextSubmissionHead = head;
        io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();

        var error = Assert.Throws<NvmeProtocolException>(() => io.TryTakeCompletion(out _));

        Assert.That(error!.Message, Is.EqualTo($"I/O queue 1: a completion (command id 0x0000) reports submission queue head {head}, {why}"));
    }

    [Test]
    public void ACompletionForTheOldUseOfASlotInUseAgainIsADuplicateNamingTheSlotsCommand()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 16);
        io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();
        TakeAll(io);
        SimulatedNvmeCommand first = rig.Sim.Fetched.Last();
        rig.Sim.HoldIo = true;
        io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();

        // The first command's completion posted again, late.
        rig.Sim.Complete(first, (0, 0));
        var error = Assert.Throws<NvmeProtocolException>(() => io.TryTakeCompletion(out _));

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: a second completion for command id 0x0000, which had completed (slot 0 holds 0x0100)"));
    }

    [TestCase((ushort)0x0000, "a completion for command id 0x0000, which was never issued")]
    [TestCase((ushort)0x0001, "a completion for command id 0x0001, which was never issued")]
    [TestCase((ushort)0x000F, "a completion for command id 0x000f, which was never issued")]
    [TestCase((ushort)0x00FF, "a completion for command id 0x00ff, which was never issued")]
    public void ACompletionOnAFreshQueueIsForACommandNeverIssued(ushort commandId, string message)
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 16);

        // Slot 15 and 255 are beyond the 15 slots of 16 entries.
        rig.Sim.Complete(new SimulatedNvmeCommand(1, 0x00, commandId, 1, 0, 0, 0, 0, 0), (0, 0));
        var error = Assert.Throws<NvmeProtocolException>(() => io.TryTakeCompletion(out _));

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: " + message));
    }

    [Test]
    public void ACompletionCarriesItsSlotResultAndStatus()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 16);
        rig.Sim.HoldIo = true;
        io.Submit(NvmeIoCommands.Flush(1));
        int slot = io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();

        // Figure 123: DW0 the result; DW3 31:17 the status field (unrecovered read error, DNR and M set).
        rig.Sim.Complete(rig.Sim.Held[1], (0xCAFE_F00D, 0x6281));

        Assert.That(io.TryTakeCompletion(out NvmeCompletion completion), Is.True);
        Assert.That((completion.Slot, completion.Result, completion.Status, completion.Succeeded), Is.EqualTo((slot, 0xCAFE_F00Du, (ushort)0x6281, false)));
        Assert.That(io.TryTakeCompletion(out _), Is.False, "the other one is still held");
    }

    [Test]
    public void AfterAResetOldCompletionsAreNotTakenAndTheRingStartsOver()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 4);
        // Two completions with phase tag 1 stay in the ring.
        for (int i = 0; i < 2; i++) io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();
        TakeAll(io);

        Assert.That(rig.Engine.Reset(), Is.Null);
        io.Reset();
        io.AcknowledgeCompletions();
        Assert.That(rig.Sim.CompletionDoorbellWrites[1], Is.EqualTo(1), "nothing taken since the reset: CQ1HDBL not written");

        Assert.That((io.InFlight, io.NextSlot, io.TryTakeCompletion(out _)), Is.EqualTo((0, 0, false)), "no stale entry read as a completion");
        Assert.That(rig.Engine.CreateIoQueues(io, 1), Is.Null);
        for (int i = 0; i < 3; i++) io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();
        Assert.That(TakeAll(io), Has.Count.EqualTo(3));
        Assert.That(rig.Sim.Fetched.Where(command => command.QueueId == 1).Select(command => command.CommandId).TakeLast(3),
            Is.EqualTo(new ushort[] { 0x0100, 0x0101, 0x0002 }), "use counts survive the reset");
        rig.AssertNoViolations();
    }

    private static NvmeRig BroughtUp(ulong cap = SimulatedNvmeController.QemuCap)
    {
        var rig = new NvmeRig(cap);
        rig.Sim.AddNamespace(1, 100);
        rig.BringUpCleanly();
        return rig;
    }

    private static NvmeQueuePair Pair(NvmeRig rig, int entries) =>
        new(rig.Bar, rig.Engine.Capabilities, 1, rig.Allocate(4096), rig.Allocate(4096), entries);

    // Every completion posted, acknowledged; their slots.
    private static List<int> TakeAll(NvmeQueuePair io)
    {
        var slots = new List<int>();
        while (io.TryTakeCompletion(out NvmeCompletion completion))
        {
            Assert.That(completion.Succeeded, Is.True);
            slots.Add(completion.Slot);
        }
        io.AcknowledgeCompletions();
        return slots;
    }

    [Test]
    public void EverySlotInFlightMeansFullThoughTheRingHasRoom()
    {
        var rig = BroughtUp();
        NvmeQueuePair io = rig.CreateIoQueues(entries: 4);
        rig.Sim.HoldIo = true;
        for (int i = 0; i < 3; i++) io.Submit(NvmeIoCommands.Flush(1));
        io.RingSubmissionDoorbell();
        // One completes reporting SQHD 3 (all fetched); its slot is taken again.
        rig.Sim.CompleteHeld(rig.Sim.Held[0].CommandId);
        Assert.That(TakeAll(io), Has.Count.EqualTo(1));
        io.Submit(NvmeIoCommands.Flush(1));

        Assert.That((io.InFlight, io.NextSlot), Is.EqualTo((3, -1)), "SQHD 3, tail 0: one ring entry used, but no slot free");
    }

    [Test]
    public void AProtocolErrorOnTheAdminQueueNamesTheAdminQueue()
    {
        var rig = BroughtUp();
        rig.Sim.NextSubmissionQueueId = 1;

        var error = Assert.Throws<NvmeProtocolException>(() => rig.Engine.Execute(NvmeAdminCommands.Identify(0x01, 0, rig.Allocate(4096).DeviceAddress), out _));

        Assert.That(error!.Message, Is.EqualTo("admin queue: a completion (command id 0x0000) names submission queue 1"));
    }
}
