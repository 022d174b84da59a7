using Zos.Hal.Drivers;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class RestartPolicyTests
{
    private const ulong Ms = VirtualClock.Millisecond;

    [Test]
    public void NeverFailsAfterACrashAndStaysExitedAfterACleanExit()
    {
        RestartPolicy never = RestartPolicy.Never();
        RestartDecision crash = never.Decide(crashed: true, restartsInARow: 0, 100);
        Assert.That(crash.Action, Is.EqualTo(RestartAction.Fail));
        Assert.That(crash.Reason, Is.EqualTo("policy never does not restart after a crash"));
        Assert.That(never.Decide(crashed: false, 0, 100).Action, Is.EqualTo(RestartAction.StayExited));
    }

    [Test]
    public void OnFailureRestartsACrashAtOnceButNotACleanExit()
    {
        RestartPolicy policy = RestartPolicy.OnFailure();
        RestartDecision crash = policy.Decide(crashed: true, 0, 100);
        Assert.That(crash.Action, Is.EqualTo(RestartAction.Restart));
        Assert.That(crash.AtNanoseconds, Is.EqualTo(100));
        Assert.That(crash.Attempt, Is.EqualTo(1));
        RestartDecision exit = policy.Decide(crashed: false, 0, 100);
        Assert.That(exit.Action, Is.EqualTo(RestartAction.StayExited));
        Assert.That(exit.Reason, Is.EqualTo("policy on-failure, 5 in a row does not restart after a clean exit"));
    }

    [Test]
    public void AlwaysRestartsBothCrashesAndCleanExits()
    {
        RestartPolicy policy = RestartPolicy.Always();
        Assert.That(policy.Decide(crashed: true, 0, 7).Action, Is.EqualTo(RestartAction.Restart));
        RestartDecision exit = policy.Decide(crashed: false, 2, 7);
        Assert.That(exit.Action, Is.EqualTo(RestartAction.Restart));
        Assert.That(exit.AtNanoseconds, Is.EqualTo(7));
        Assert.That(exit.Attempt, Is.EqualTo(3));
    }

    [Test]
    public void BackoffDoublesFromTheInitialDelayAndStopsAtTheCap()
    {
        RestartPolicy policy = RestartPolicy.WithBackoff(10 * Ms, 100 * Ms, maxAttempts: 10);
        ulong[] delays = Enumerable.Range(1, 7).Select(attempt => policy.DelayBeforeAttempt(attempt) / Ms).ToArray();
        Assert.That(delays, Is.EqualTo(new ulong[] { 10, 20, 40, 80, 100, 100, 100 }));
    }

    // 5 * 4 = 20 fits under 21: only the next doubling is capped.
    [TestCase(3UL, 20UL, new ulong[] { 3, 6, 12, 20, 20 })]
    [TestCase(5UL, 21UL, new ulong[] { 5, 10, 20, 21, 21 })]
    public void BackoffCapThatIsNoPowerOfTwoMultipleIsReachedExactly(ulong initial, ulong max, ulong[] delays)
    {
        RestartPolicy policy = RestartPolicy.WithBackoff(initial, max, maxAttempts: 10);
        Assert.That(Enumerable.Range(1, delays.Length).Select(policy.DelayBeforeAttempt), Is.EqualTo(delays));
    }

    [Test]
    public void BackoffWhoseFirstDelayIsItsLongestWaitsTheSameEveryTime()
    {
        RestartPolicy policy = RestartPolicy.WithBackoff(10 * Ms, 10 * Ms, maxAttempts: 3);
        Assert.That(Enumerable.Range(1, 3).Select(policy.DelayBeforeAttempt), Is.EqualTo(new[] { 10 * Ms, 10 * Ms, 10 * Ms }));
    }

    [Test]
    public void BackoffNeverOverflowsForHugeAttemptNumbers()
    {
        RestartPolicy policy = RestartPolicy.WithBackoff(1, ulong.MaxValue - 1, maxAttempts: int.MaxValue);
        Assert.That(policy.DelayBeforeAttempt(64), Is.EqualTo(1UL << 63));
        Assert.That(policy.DelayBeforeAttempt(65), Is.EqualTo(ulong.MaxValue - 1));
        Assert.That(policy.DelayBeforeAttempt(int.MaxValue), Is.EqualTo(ulong.MaxValue - 1));
    }

    [Test]
    public void BackoffDecisionSchedulesTheRestartAfterTheDelay()
    {
        RestartPolicy policy = RestartPolicy.WithBackoff(10 * Ms, 1000 * Ms, maxAttempts: 5);
        RestartDecision third = policy.Decide(crashed: true, restartsInARow: 2, 500 * Ms);
        Assert.That(third.Action, Is.EqualTo(RestartAction.Restart));
        Assert.That(third.Attempt, Is.EqualTo(3));
        Assert.That(third.AtNanoseconds, Is.EqualTo(540 * Ms));
        Assert.That(policy.Decide(crashed: false, 0, 0).Action, Is.EqualTo(RestartAction.StayExited));
    }

    [Test]
    public void ImmediatePoliciesWaitNothing()
    {
        Assert.That(RestartPolicy.OnFailure().DelayBeforeAttempt(4), Is.EqualTo(0));
        Assert.That(RestartPolicy.Always().DelayBeforeAttempt(1), Is.EqualTo(0));
    }

    [TestCase(RestartPolicyKind.OnFailure)]
    [TestCase(RestartPolicyKind.Always)]
    [TestCase(RestartPolicyKind.WithBackoff)]
    public void MoreThanMaxAttemptsInARowIsACrashLoopThatFails(RestartPolicyKind kind)
    {
        RestartPolicy policy = kind switch
        {
            RestartPolicyKind.OnFailure => RestartPolicy.OnFailure(maxAttempts: 3),
            RestartPolicyKind.Always => RestartPolicy.Always(maxAttempts: 3),
            _ => RestartPolicy.WithBackoff(Ms, 8 * Ms, maxAttempts: 3),
        };
        Assert.That(policy.Kind, Is.EqualTo(kind));
        Assert.That(policy.Decide(crashed: true, restartsInARow: 2, 0).Action, Is.EqualTo(RestartAction.Restart));
        RestartDecision loop = policy.Decide(crashed: true, restartsInARow: 3, 0);
        Assert.That(loop.Action, Is.EqualTo(RestartAction.Fail));
        Assert.That(loop.Reason, Is.EqualTo("crash loop: 3 restarts in a row, none stayed Running for 10000 ms (policy " + policy.Describe() + ")"));
    }

    [Test]
    public void ASingleRestartInARowMayBeAllowed()
    {
        RestartPolicy policy = RestartPolicy.OnFailure(maxAttempts: 1);
        Assert.That(policy.Decide(crashed: true, restartsInARow: 0, 0).Action, Is.EqualTo(RestartAction.Restart));
        Assert.That(policy.Decide(crashed: true, restartsInARow: 1, 0).Action, Is.EqualTo(RestartAction.Fail));
    }

    [Test]
    public void DefaultsAreFiveAttemptsAndTenSecondsOfStableRun()
    {
        RestartPolicy policy = RestartPolicy.OnFailure();
        Assert.That(policy.MaxAttempts, Is.EqualTo(5));
        Assert.That(policy.StableRunNanoseconds, Is.EqualTo(10_000 * Ms));
    }

    [Test]
    public void ADeclaredBackoffIsConvertedFromMilliseconds()
    {
        RestartPolicy policy = RestartPolicy.From(new RestartsAttribute(RestartPolicyKind.WithBackoff)
        {
            FirstBackoffMilliseconds = 20, LongestBackoffMilliseconds = 500, MaxRestartsInARow = 7, StableRunMilliseconds = 3000,
        });
        Assert.That(policy.Kind, Is.EqualTo(RestartPolicyKind.WithBackoff));
        Assert.That((policy.InitialDelayNanoseconds, policy.MaxDelayNanoseconds), Is.EqualTo((20 * Ms, 500 * Ms)));
        Assert.That((policy.MaxAttempts, policy.StableRunNanoseconds), Is.EqualTo((7, 3000 * Ms)));
    }

    [TestCase(RestartPolicyKind.OnFailure)]
    [TestCase(RestartPolicyKind.Always)]
    public void ADeclaredImmediatePolicyKeepsItsLimits(RestartPolicyKind kind)
    {
        RestartPolicy policy = RestartPolicy.From(new RestartsAttribute(kind) { MaxRestartsInARow = 3, StableRunMilliseconds = 1500 });
        Assert.That(policy.Kind, Is.EqualTo(kind));
        Assert.That((policy.MaxAttempts, policy.StableRunNanoseconds), Is.EqualTo((3, 1500 * Ms)));
        Assert.That(policy.DelayBeforeAttempt(1), Is.Zero);
    }

    [Test]
    public void ADeclaredNeverIsNever()
    {
        Assert.That(RestartPolicy.From(new RestartsAttribute(RestartPolicyKind.Never)).RestartsAfterCrash, Is.False);
    }

    [Test]
    public void BadParametersAreRejectedWithAReason()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => RestartPolicy.WithBackoff(0, 10, 3))!.Message, Does.Contain("initial delay must be above 0"));
        Assert.That(Assert.Throws<ArgumentException>(() => RestartPolicy.WithBackoff(20, 10, 3))!.Message, Does.Contain("maximum delay is below"));
        Assert.That(Assert.Throws<ArgumentException>(() => RestartPolicy.WithBackoff(1, 10, 0))!.Message, Does.Contain("maxAttempts must be at least 1"));
        Assert.That(Assert.Throws<ArgumentException>(() => RestartPolicy.OnFailure(-1))!.Message, Does.Contain("maxAttempts"));
        Assert.That(Assert.Throws<ArgumentException>(() => RestartPolicy.Always(3, 0))!.Message, Does.Contain("stable run"));
        Assert.That(Assert.Throws<ArgumentException>(() => RestartPolicy.OnFailure().DelayBeforeAttempt(0))!.Message, Does.Contain("start at 1"));
    }

    [Test]
    public void DescriptionsNameTheParameters()
    {
        Assert.That(RestartPolicy.Never().Describe(), Is.EqualTo("never"));
        Assert.That(RestartPolicy.OnFailure(4).Describe(), Is.EqualTo("on-failure, 4 in a row"));
        Assert.That(RestartPolicy.Always(2).Describe(), Is.EqualTo("always, 2 in a row"));
        Assert.That(RestartPolicy.WithBackoff(10 * Ms, 2000 * Ms, 6).Describe(), Is.EqualTo("backoff 10 ms..2000 ms, 6 in a row"));
    }
}
