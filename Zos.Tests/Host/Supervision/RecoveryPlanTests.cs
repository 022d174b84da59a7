using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class RecoveryPlanTests
{
    private const ulong Ms = VirtualClock.Millisecond;

    private VirtualClock _clock = null!;
    private FakeDriverKernel _kernel = null!;
    private SupervisedDriver _driver = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new VirtualClock();
        _kernel = new FakeDriverKernel(_clock) { StepNanoseconds = 2 * Ms };
        var supervisor = new DriverSupervisor(_clock);
        _driver = supervisor.Start("edu", RestartPolicy.Never(), 0, _kernel, _kernel, out _)!;
        _kernel.Log.Clear();
    }

    [Test]
    public void StepsRunInTheSafeOrder()
    {
        RecoveryReport report = RecoveryPlan.Run(_kernel, _driver, _clock);
        Assert.That(_kernel.Log, Is.EqualTo(new[]
        {
            "edu: StopThreads", "edu: RevokeCapabilities", "edu: MaskInterrupts", "edu: StopDma", "edu: ReclaimMemory",
        }));
        Assert.That(report.Succeeded, Is.True);
        Assert.That(report.FailureReason, Is.Null);
        Assert.That(report.Steps.Select(s => s.Step), Is.EqualTo(RecoveryPlan.Order));
        Assert.That(report.Steps.All(s => s.Outcome == RecoveryStepOutcome.Done));
    }

    [Test]
    public void EachStepIsTimestamped()
    {
        ulong start = _clock.NowNanoseconds;
        RecoveryReport report = RecoveryPlan.Run(_kernel, _driver, _clock);
        for (int i = 0; i < report.Steps.Length; i++)
        {
            Assert.That(report.Steps[i].StartedAtNanoseconds, Is.EqualTo(start + (ulong)i * 2 * Ms));
            Assert.That(report.Steps[i].FinishedAtNanoseconds, Is.EqualTo(start + (ulong)(i + 1) * 2 * Ms));
        }
        Assert.That(report.StartedAtNanoseconds, Is.EqualTo(start));
        Assert.That(report.FinishedAtNanoseconds, Is.EqualTo(start + 10 * Ms));
    }

    [Test]
    public void AFailedStepStopsThePlanAndTheRestIsSkipped()
    {
        _kernel.FailStep("edu", RecoveryStep.StopDma, "bus master bit stuck");
        RecoveryReport report = RecoveryPlan.Run(_kernel, _driver, _clock);
        Assert.That(report.Succeeded, Is.False);
        Assert.That(report.FailureReason, Is.EqualTo("recovery step stop DMA failed: bus master bit stuck"));
        Assert.That(_kernel.Log, Does.Not.Contain("edu: ReclaimMemory"), "memory the device may still write must not be reclaimed");
        Assert.That(report.Steps.Select(s => s.Outcome), Is.EqualTo(new[]
        {
            RecoveryStepOutcome.Done, RecoveryStepOutcome.Done, RecoveryStepOutcome.Done, RecoveryStepOutcome.Failed, RecoveryStepOutcome.Skipped,
        }));
        Assert.That(report.Steps[3].Error, Is.EqualTo("bus master bit stuck"));
    }

    [Test]
    public void AStepThatThrowsCountsAsFailed()
    {
        _kernel.StepThatThrows = "edu:RevokeCapabilities";
        RecoveryReport report = RecoveryPlan.Run(_kernel, _driver, _clock);
        Assert.That(report.FailureReason, Is.EqualTo("recovery step revoke capabilities failed: threw: device wedged"));
        Assert.That(_kernel.Log, Is.EqualTo(new[] { "edu: StopThreads", "edu: RevokeCapabilities" }));
        Assert.That(report.Steps.Skip(2).All(s => s.Outcome == RecoveryStepOutcome.Skipped));
    }

    [Test]
    public void EveryStepHasAName()
    {
        Assert.That(RecoveryPlan.Order.Select(RecoveryPlan.StepName),
            Is.EqualTo(new[] { "stop threads", "revoke capabilities", "mask interrupts", "stop DMA", "reclaim memory" }));
    }

    [Test]
    public void AStepOutsideThePlanIsNamedByItsNumber()
    {
        Assert.That(RecoveryPlan.StepName((RecoveryStep)7), Is.EqualTo("step 7"));
    }
}
