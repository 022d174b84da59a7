using Zos.Drivers.Nvme;
using Zos.Hal.Drivers.Block;

namespace Zos.Tests.Host.Nvme;

// A controller that breaks the queue protocol: the engine throws
// NvmeProtocolException before its records change (the driver ends, the
// supervisor stops the device), or, where the breach only hides completions
// (a wrong phase tag), recovers through its deadline and a reset.
public class NvmeMisbehaviourTests
{
    private const int Sector = BlockDeviceInfo.SectorSize;

    [Test]
    public void ACompletionForACommandIdNeverIssuedIsAProtocolErrorBeforeAnythingChanges()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.NextCompletionForUnissuedCommand = true;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Issue();

        var error = Assert.Throws<NvmeProtocolException>(() => rig.Reap());

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: a completion for command id 0x00c0, which was never issued"));
        Assert.That(rig.Requests.InFlight, Is.EqualTo(1), "the command it should have named is still in flight");
        Assert.That(rig.TakeAnswers(), Is.Empty, "nothing was answered");
    }

    [Test]
    public void ASecondCompletionForTheSameCommandIsAProtocolError()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.DuplicateNextCompletion = true;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Issue();

        var error = Assert.Throws<NvmeProtocolException>(() => rig.Reap());

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: a second completion for command id 0x0000, which had completed"));
        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)), Is.EqualTo(new[] { (1, BlockStatus.Ok) }), "answered once");
    }

    [Test]
    public void ASubmissionQueueHeadBeyondTheQueueIsAProtocolError()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.NextSubmissionHead = 300;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Issue();

        var error = Assert.Throws<NvmeProtocolException>(() => rig.Reap());

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: a completion (command id 0x0000) reports submission queue head 300, beyond the queue's 256 entries"));
        Assert.That(rig.Requests.InFlight, Is.EqualTo(1));
    }

    [Test]
    public void ASubmissionQueueHeadPastWhatWasSubmittedIsAProtocolError()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.NextSubmissionHead = 5;
        rig.Submit(rig.LentRead(1, 0, 8));
        rig.Issue();

        var error = Assert.Throws<NvmeProtocolException>(() => rig.Reap());

        Assert.That(error!.Message, Is.EqualTo("I/O queue 1: a completion (command id 0x0000) reports submission queue head 5, past the tail 1 "
            + "(head was 0): commands never submitted fetched"));
    }

    [Test]
    public void ACompletionWithTheWrongPhaseIsNotTakenAndTheDeadlineResetsTheController()
    {
        // Four entries: the fifth completion lands on entry 0 again, where the
        // controller should have inverted the phase tag and does not.
        var rig = new NvmeRequestsRig(sim => sim.PhaseNeverInverts = true, ioEntries: 4);
        for (int i = 0; i < 4; i++)
        {
            rig.Submit(rig.LentRead(i, (ulong)(8 * i), 8));
            rig.Step();
        }
        Assert.That(rig.TakeAnswers(), Has.Count.EqualTo(4));
        byte[] data = NvmeRig.Pattern(8 * Sector, 9);
        data.CopyTo(rig.Sim.Namespaces[1].Data, 100 * Sector);
        BlockDriverRequest fifth = rig.LentRead(4, 100, 8);

        rig.Submit(fifth);
        rig.Step();
        rig.Step();
        Assert.That((rig.TakeAnswers().Count, rig.Requests.InFlight), Is.EqualTo((0, 1)),
            "an entry with last pass's phase tag is not a completion, though the controller wrote it");
        rig.Now = NvmeRequests.CommandTimeoutMilliseconds;
        for (int round = 0; round < 5; round++)
        {
            rig.Step();
            rig.Now += NvmeRequests.AbortTimeoutMilliseconds;
        }

        Assert.That(rig.Sim.Resets, Is.EqualTo(1), "the abort found nothing to abort; the reset started the queues over");
        Assert.That(rig.AnswerTo(4).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(fifth.Buffer, Is.EqualTo(data));
    }
}
