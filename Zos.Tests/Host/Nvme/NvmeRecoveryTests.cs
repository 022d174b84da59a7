using Zos.Drivers.Nvme;
using Zos.Hal.Drivers.Block;

namespace Zos.Tests.Host.Nvme;

// Deadlines, Abort and controller resets inside the driver: a request sees
// latency, never a lost or duplicated answer, as long as the controller comes back.
public class NvmeRecoveryTests
{
    private const int Sector = BlockDeviceInfo.SectorSize;

    [Test]
    public void ACommandPastItsDeadlineIsAbortedAndIssuedAgain()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.HoldIo = true;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Step();
        ushort commandId = rig.IoFetched.Single().CommandId;

        rig.Now = NvmeRequests.CommandTimeoutMilliseconds - 1;
        rig.Step();
        Assert.That(rig.Sim.Admin.AbortsReceived, Is.EqualTo(0), "not before the deadline");
        // Deadlines are looked at every DeadlineCheckMilliseconds.
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds + NvmeRequests.DeadlineCheckMilliseconds;
        rig.Sim.HoldIo = false;
        rig.Step();

        SimulatedNvmeCommand abort = rig.Sim.Fetched.Single(command => command.QueueId == 0);
        Assert.That((abort.Opcode, abort.Dword10), Is.EqualTo(((byte)0x08, 1u | (uint)commandId << 16)), "Abort names queue 1 and the command id");
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.IoFetched, Has.Count.EqualTo(2), "issued again after it was aborted");
        Assert.That(rig.Sim.Resets, Is.EqualTo(0), "the abort sufficed");
    }

    [Test]
    public void AControllerThatDoesNotAbortIsResetAndTheCommandIssuedAgain()
    {
        var rig = new NvmeRequestsRig(sim => sim.AbortsHeldCommands = false);
        rig.Sim.HoldIo = true;
        byte[] data = NvmeRig.Pattern(8 * Sector, 1);
        rig.Submit(rig.LentWrite(1, 0, data));
        rig.Step();

        rig.Now = NvmeRequests.CommandTimeoutMilliseconds + NvmeRequests.DeadlineCheckMilliseconds;
        rig.Step();
        rig.Sim.HoldIo = false;
        rig.Step();

        Assert.That(rig.Sim.Resets, Is.EqualTo(1), "QEMU answers Abort with 'not aborted': the controller is reset");
        Assert.That(rig.Sim.Fetched.Where(command => command.QueueId == 0).Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x08, 0x09, 0x05, 0x01 }),
            "the I/O queues were created again after the reset");
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.OnDisk(1, 0, 8), Is.EqualTo(data));
        Assert.That(rig.Requests.Resets, Is.EqualTo(1));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void ACommandThatNeverCompletesIsGivenUpAfterThreeTries()
    {
        var rig = new NvmeRequestsRig(sim => sim.AbortsHeldCommands = false);
        rig.Sim.HoldIo = true;
        rig.Submit(rig.LentRead(1, 0, 8));

        for (int round = 0; round < 20 && rig.Requests.Busy; round++)
        {
            rig.Step();
            rig.Now += NvmeRequests.CommandTimeoutMilliseconds;
        }

        BlockDriverCompletion answer = rig.AnswerTo(1);
        Assert.That(answer.Status, Is.EqualTo(BlockStatus.IoError));
        Assert.That(answer.Error, Does.StartWith("Read (namespace 1, LBA 0, 8 blocks): given up after 3 tries: command id 0x")
            .And.EndWith(" had no completion within 4000 ms; the controller did not abort it"));
        Assert.That((rig.IoFetched.Count, rig.Sim.Resets), Is.EqualTo((3, 3)));
    }

    [Test]
    public void AFatalStatusMidRunResetsTheControllerAndEveryRequestIsAnsweredOnce()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.FailAfterIoCommands = 3;
        List<byte[]> data = Enumerable.Range(0, 6).Select(i => NvmeRig.Pattern(8 * Sector, 10 + i)).ToList();
        for (int i = 0; i < 6; i++) rig.Submit(rig.LentWrite(i, (ulong)(8 * i), data[i]));

        rig.RunUntilIdle();

        Assert.That(rig.Sim.Resets, Is.EqualTo(1), "CSTS.CFS led to one controller reset");
        rig.TakeAnswers();
        Assert.That(rig.Answers.Select(answer => (answer.Tag, answer.Status)), Is.EquivalentTo(Enumerable.Range(0, 6).Select(i => (i, BlockStatus.Ok))));
        for (int i = 0; i < 6; i++) Assert.That(rig.OnDisk(1, (ulong)(8 * i), 8), Is.EqualTo(data[i]), $"write {i}");
    }

    [Test]
    public void AResetThatCannotBringTheControllerBackEndsTheDriverWithBothReasons()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.FailAfterIoCommands = 0;
        rig.Sim.ReadyNeverSet = true;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Issue();

        string? problem = rig.Reap();

        Assert.That(problem, Is.EqualTo("a controller reset after \"the controller reported a fatal status (CSTS.CFS)\" failed: "
            + "CSTS.RDY still 0 7500 ms after CC.EN was set (CAP.TO; CSTS 0x0)"));
    }

    [Test]
    public void ACommandIsLateAtExactlyItsDeadline()
    {
        var rig = HeldRead();

        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();

        Assert.That(rig.Sim.Admin.AbortsReceived, Is.EqualTo(1));
    }

    [Test]
    public void DeadlinesAreLookedAtOnlyEveryCheckInterval()
    {
        var rig = HeldRead();
        // A check 50 ms before the deadline finds nothing late; the next is due 100 ms later.
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds - 50;
        rig.Step();

        foreach (ulong now in new ulong[] { 4000, 4049 })
        {
            rig.Now = now;
            rig.Step();
            Assert.That(rig.Sim.Admin.AbortsReceived, Is.EqualTo(0), $"no check at {now} ms");
        }
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds + 50;
        rig.Step();
        Assert.That(rig.Sim.Admin.AbortsReceived, Is.EqualTo(1));
    }

    [Test]
    public void TheCommandInFlightLongestIsTheOneAborted()
    {
        var rig = HeldRead(useSlotFirst: true);
        ushort first = rig.IoFetched.Last().CommandId;
        Assert.That(first, Is.EqualTo((ushort)0x0100), "slot 0's second use");
        rig.Now = 1000;
        rig.Submit(rig.LentRead(2, 8, 8));
        rig.Step();

        // 4500 ms: the first is late, the second (3500 ms) is not.
        rig.Now = 4500;
        rig.Step();

        // 5.1: SQID 1 in CDW10 15:0, the command id in 31:16.
        Assert.That(rig.Sim.Fetched.Where(command => command.QueueId == 0).Select(command => command.Dword10), Is.EqualTo(new uint[] { 1u | (uint)first << 16 }));
    }

    [Test]
    public void AnAbortTheControllerRefusesResetsIt()
    {
        var rig = HeldRead(sim => sim.AbortStatus = 0x4103);   // Abort Command Limit Exceeded, DNR (figure 128)

        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();
        rig.Sim.HoldIo = false;
        rig.Step();

        Assert.That(rig.Requests.LastResetReason, Is.EqualTo(
            "command id 0x0000 had no completion within 4000 ms; Abort failed: abort command limit exceeded (SCT 1h, SC 03h), do not retry"));
        Assert.That((rig.Requests.Resets, rig.Requests.Aborts, rig.Sim.Resets), Is.EqualTo((1, 1, 1)));
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
    }

    [Test]
    public void AnAbortedCommandThatNeverEndsResetsTheControllerAfterTheAbortTimeout()
    {
        var rig = HeldRead(sim => sim.AbortAnswersBeforeTheCommandEnds = true);
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();

        rig.Now += NvmeRequests.AbortTimeoutMilliseconds - 1;
        rig.Step();
        Assert.That(rig.Requests.Resets, Is.EqualTo(0), "the abort has its full time");
        rig.Now++;
        rig.Sim.HoldIo = false;
        rig.Step();

        Assert.That(rig.Requests.LastResetReason, Is.EqualTo("command id 0x0000 had no completion within 4000 ms; it did not end 1000 ms later"));
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
    }

    [Test]
    public void AnAbortedCommandThatEndsLateIsAnsweredWithoutAReset()
    {
        var rig = HeldRead(sim => sim.AbortAnswersBeforeTheCommandEnds = true);
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();
        rig.Now += 100;
        rig.Step();
        Assert.That(rig.Requests.Busy, Is.True, "the abort was answered; its command has not ended");

        rig.Sim.CompleteHeld();
        rig.Now += 100;
        rig.Step();

        Assert.That((rig.Requests.Busy, rig.Requests.Resets, rig.AnswerTo(1).Status), Is.EqualTo((false, 0, BlockStatus.Ok)));
    }

    [Test]
    public void AnAbortWithoutAnAnswerResetsTheControllerAfterTheAbortTimeout()
    {
        var rig = HeldRead();
        rig.Sim.HoldAdmin = true;
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();
        rig.Sim.HoldAdmin = false;

        rig.Now += NvmeRequests.AbortTimeoutMilliseconds;
        rig.Sim.HoldIo = false;
        rig.Step();

        Assert.That(rig.Requests.LastResetReason, Is.EqualTo("command id 0x0000 had no completion within 4000 ms; Abort had no answer 1000 ms later"));
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
    }

    [Test]
    public void ACommandThatEndsWhileTheControllerSaysItDidNotAbortItIsAnsweredWithoutAReset()
    {
        var rig = HeldRead(sim => sim.AbortsHeldCommands = false);
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();

        // 5.1: result bit 0 set, not aborted; the command completes on its own before the answer is read.
        rig.Sim.CompleteHeld();
        rig.Now += 1;
        rig.Step();

        Assert.That((rig.Requests.Busy, rig.Requests.Resets, rig.AnswerTo(1).Status), Is.EqualTo((false, 0, BlockStatus.Ok)));
        Assert.That(rig.IoFetched, Has.Count.EqualTo(1));
    }

    [Test]
    public void AFatalStatusWithNothingInFlightIsLeftForTheNextCommandToFind()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.FailNow();

        Assert.That(rig.Reap(), Is.Null);
        Assert.That(rig.Sim.Resets, Is.EqualTo(0), "no reset while idle");
    }

    [Test]
    public void AResetGivesBackTheBounceBuffersOfWhatWasInFlight()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.FailAfterIoCommands = 2;
        for (int i = 0; i < 4; i++) rig.Submit(NvmeRequestsRig.Read(i, (ulong)(8 * i), 8));

        rig.RunUntilIdle();

        Assert.That(rig.Sim.Resets, Is.EqualTo(1));
        rig.TakeAnswers();
        Assert.That(rig.Answers.Select(answer => answer.Status), Is.All.EqualTo(BlockStatus.Ok));
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(4), "every copy buffer back once");
    }

    [Test]
    public void ADeadlineCountsFromWhenItsCommandWasIssued()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.HoldIo = true;
        rig.Now = 1000;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Step();

        rig.Now = 4900;
        rig.Step();
        Assert.That(rig.Sim.Admin.AbortsReceived, Is.EqualTo(0), "3900 ms in flight");
        rig.Now = 5000;
        rig.Step();
        Assert.That(rig.Sim.Admin.AbortsReceived, Is.EqualTo(1));
    }

    [Test]
    public void AnAbortStillUnansweredKeepsTheDriverBusyAfterItsCommandEnds()
    {
        var rig = HeldRead();
        rig.Sim.HoldAdmin = true;
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        rig.Step();

        rig.Sim.CompleteHeld(rig.IoFetched.Single().CommandId);
        rig.Now += 10;
        rig.Step();

        Assert.That((rig.AnswerTo(1).Status, rig.Requests.InFlight, rig.Requests.Busy), Is.EqualTo((BlockStatus.Ok, 0, true)),
            "the Abort's answer is still to come");
    }

    [Test]
    public void AFatalStatusIsLookedAtOnlyWhenATurnTookNoCompletion()
    {
        var rig = new NvmeRequestsRig();
        // The third command fetched sets CSTS.CFS; the first two complete.
        rig.Sim.FailAfterIoCommands = 2;
        for (int i = 0; i < 3; i++) rig.Submit(rig.LentRead(i, (ulong)(8 * i), 8));

        rig.Step();
        Assert.That((rig.TakeAnswers().Count, rig.Sim.Resets), Is.EqualTo((2, 0)), "this turn answered two: no reset yet");
        rig.Step();
        Assert.That(rig.Sim.Resets, Is.EqualTo(1));
    }

    // A lent read of 8 sectors at 0 (tag 1) fetched at 0 ms and held by the controller
    // (useSlotFirst: after a read with tag 0 has used its slot and completed).
    private static NvmeRequestsRig HeldRead(Action<SimulatedNvmeController>? configure = null, bool useSlotFirst = false)
    {
        var rig = new NvmeRequestsRig(configure);
        if (useSlotFirst)
        {
            rig.Submit(rig.LentRead(0, 0, 8));
            rig.Step();
            Assert.That(rig.AnswerTo(0).Status, Is.EqualTo(BlockStatus.Ok));
        }
        rig.Sim.HoldIo = true;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Step();
        Assert.That(rig.IoFetched, Has.Count.EqualTo(useSlotFirst ? 2 : 1));
        return rig;
    }
}
