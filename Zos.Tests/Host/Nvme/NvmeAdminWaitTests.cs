using Zos.Drivers.Nvme;

namespace Zos.Tests.Host.Nvme;

// NvmeController.Execute: one admin command submitted and polled for, and
// how the wait ends when the controller does not answer it.
public class NvmeAdminWaitTests
{
    [Test]
    public void AnAdminCommandWithoutACompletionIsGivenUpAfterTheAdminTimeout()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        rig.Sim.HoldAdmin = true;
        long before = rig.Delay.TotalMilliseconds;

        string? problem = rig.Engine.Execute(IdentifyController(rig), out NvmeCompletion completion);

        Assert.That(problem, Is.EqualTo("Identify: no completion within 5000 ms (slot 0)"));
        Assert.That(rig.Delay.TotalMilliseconds - before, Is.EqualTo(NvmeController.AdminTimeoutMilliseconds), "polled every millisecond up to the limit");
        Assert.That(completion.Succeeded, Is.True, "no completion was taken: the default");
    }

    [Test]
    public void AControllerThatFailsWhileAnAdminCommandIsInFlightEndsTheWaitAtOnce()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        rig.Sim.HoldAdmin = true;
        // 3.1.6: CSTS.CFS, 20 ms after the command went.
        rig.Sim.FailsAt = rig.Sim.Now + 20;
        long before = rig.Delay.TotalMilliseconds;

        string? problem = rig.Engine.Execute(IdentifyController(rig), out _);

        Assert.That(problem, Is.EqualTo("Identify: the controller failed (CSTS.CFS) while it was in flight"));
        Assert.That(rig.Delay.TotalMilliseconds - before, Is.InRange(19, 21), "not the full admin timeout");
    }

    [Test]
    public void AnAnsweredAdminCommandIsAcknowledgedToTheController()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();

        for (int i = 0; i < 40; i++) Assert.That(rig.Engine.Execute(IdentifyController(rig), out _), Is.Null, $"command {i}");

        // 4.6.2: CQ0HDBL hands each entry back; 40 commands wrap the 32-entry ring.
        Assert.That((rig.Sim.CompletionDoorbellWrites[0], rig.Sim.CompletionQueues[0].Head), Is.EqualTo((40, 8)));
    }

    [Test]
    public void AWaitedForAdminCommandNeedsTheAdminQueueToItself()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        rig.Sim.HoldAdmin = true;
        rig.Engine.Admin.Submit(NvmeAdminCommands.Abort(1, 0));
        rig.Engine.Admin.RingSubmissionDoorbell();

        Assert.Throws<InvalidOperationException>(() => rig.Engine.Execute(IdentifyController(rig), out _));
        Assert.That(rig.Sim.Fetched.Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x08 }), "the Identify was not submitted");
    }

    private static NvmeCommand IdentifyController(NvmeRig rig) => NvmeAdminCommands.Identify(0x01, 0, rig.Allocate(4096).DeviceAddress);
}
