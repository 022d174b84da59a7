using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class DriverWatchdogTests
{
    private const ulong Ms = VirtualClock.Millisecond;

    private static DriverWatchdog Started(ulong periodMs, ulong at = 1000 * Ms)
    {
        var watchdog = new DriverWatchdog(periodMs * Ms);
        watchdog.Reset(at);
        return watchdog;
    }

    [Test]
    public void OneMissedPeriodIsToleratedTwoAreAHang()
    {
        DriverWatchdog watchdog = Started(100);
        Assert.That(watchdog.Check(1100 * Ms).IsHung, Is.False);
        Assert.That(watchdog.Check(1199 * Ms).IsHung, Is.False);
        HangVerdict verdict = watchdog.Check(1200 * Ms);
        Assert.That(verdict.Kind, Is.EqualTo(HangKind.HeartbeatMissed));
        Assert.That(verdict.Message, Is.EqualTo("no heartbeat for 200 ms (period 100 ms, hung after 2 missed)"));
    }

    [Test]
    public void EachHeartbeatMovesTheLimit()
    {
        DriverWatchdog watchdog = Started(100);
        watchdog.Heartbeat(1150 * Ms);
        Assert.That(watchdog.Check(1300 * Ms).IsHung, Is.False);
        Assert.That(watchdog.NextCheckAt, Is.EqualTo(1350 * Ms));
        Assert.That(watchdog.Check(1350 * Ms).Kind, Is.EqualTo(HangKind.HeartbeatMissed));
    }

    [Test]
    public void AnOlderHeartbeatDoesNotMoveTheLimitBack()
    {
        DriverWatchdog watchdog = Started(100);
        watchdog.Heartbeat(1150 * Ms);
        watchdog.Heartbeat(1120 * Ms);
        Assert.That(watchdog.LastHeartbeatNanoseconds, Is.EqualTo(1150 * Ms));
    }

    [Test]
    public void CheckIsPure()
    {
        DriverWatchdog watchdog = Started(100);
        watchdog.Deadlines.Start(1, 1500 * Ms);
        HangVerdict first = watchdog.Check(5000 * Ms);
        HangVerdict again = watchdog.Check(5000 * Ms);
        Assert.That(again.Kind, Is.EqualTo(first.Kind));
        Assert.That(again.Message, Is.EqualTo(first.Message));
        Assert.That(watchdog.Check(1050 * Ms).IsHung, Is.False, "a later check must not change an earlier instant's verdict");
        Assert.That(watchdog.OutstandingRequests, Is.EqualTo(1));
    }

    [Test]
    public void NoPeriodMeansNoHeartbeatRule()
    {
        DriverWatchdog watchdog = Started(0);
        Assert.That(watchdog.Check(ulong.MaxValue).IsHung, Is.False);
        Assert.That(watchdog.NextCheckAt, Is.EqualTo(ulong.MaxValue));
    }

    [Test]
    public void ARequestPastItsDeadlineIsAHang()
    {
        DriverWatchdog watchdog = Started(0);
        watchdog.Deadlines.Start(7, 1300 * Ms);
        Assert.That(watchdog.Check(1299 * Ms).IsHung, Is.False);
        HangVerdict verdict = watchdog.Check(1310 * Ms);
        Assert.That(verdict.Kind, Is.EqualTo(HangKind.DeadlinePassed));
        Assert.That(verdict.RequestId, Is.EqualTo(7));
        Assert.That(verdict.Message, Is.EqualTo("request 7 outstanding 10 ms past its deadline"));
    }

    [Test]
    public void ACompletedRequestNoLongerCounts()
    {
        DriverWatchdog watchdog = Started(0);
        watchdog.Deadlines.Start(7, 1300 * Ms);
        Assert.That(watchdog.Deadlines.Complete(7), Is.True);
        Assert.That(watchdog.Deadlines.Complete(7), Is.False);
        Assert.That(watchdog.Check(9999 * Ms).IsHung, Is.False);
    }

    [Test]
    public void TheEarliestOverdueRequestIsNamedAndLimitsTheNextCheck()
    {
        DriverWatchdog watchdog = Started(1000);
        for (int id = 1; id <= 9; id++) watchdog.Deadlines.Start(id, (2000 - (ulong)id * 10) * Ms);
        watchdog.Deadlines.Complete(9);
        Assert.That(watchdog.NextCheckAt, Is.EqualTo(1920 * Ms));
        Assert.That(watchdog.Check(1930 * Ms).RequestId, Is.EqualTo(8));
        Assert.That(watchdog.OutstandingRequests, Is.EqualTo(8));
    }

    [Test]
    public void TheEarliestDeadlineIsFoundWhereverItsRequestWasStarted()
    {
        DriverWatchdog watchdog = Started(0);
        watchdog.Deadlines.Start(1, 1100 * Ms);
        watchdog.Deadlines.Start(2, 1300 * Ms);
        watchdog.Deadlines.Start(3, 1200 * Ms);
        Assert.That(watchdog.NextCheckAt, Is.EqualTo(1100 * Ms));
        Assert.That(watchdog.Check(1100 * Ms).RequestId, Is.EqualTo(1));
        watchdog.Deadlines.Complete(1);
        Assert.That(watchdog.Check(1250 * Ms).RequestId, Is.EqualTo(3));
    }

    // The one the driver has held longest.
    [Test]
    public void OfRequestsDueAtOnceTheOneHandedOverFirstIsNamed()
    {
        DriverWatchdog watchdog = Started(0);
        watchdog.Deadlines.Start(5, 1300 * Ms);
        watchdog.Deadlines.Start(6, 1300 * Ms);
        Assert.That(watchdog.Check(1300 * Ms).RequestId, Is.EqualTo(5));
    }

    [Test]
    public void HeartbeatLimitBeforeTheDeadlineComesFirst()
    {
        DriverWatchdog watchdog = Started(100);
        watchdog.Deadlines.Start(1, 5000 * Ms);
        Assert.That(watchdog.NextCheckAt, Is.EqualTo(1200 * Ms));
        Assert.That(watchdog.Check(6000 * Ms).Kind, Is.EqualTo(HangKind.HeartbeatMissed));
    }

    [Test]
    public void ResetForgetsRequestsAndRestartsTheHeartbeatClock()
    {
        DriverWatchdog watchdog = Started(100);
        watchdog.Deadlines.Start(1, 1100 * Ms);
        watchdog.Reset(3000 * Ms);
        Assert.That(watchdog.OutstandingRequests, Is.EqualTo(0));
        Assert.That(watchdog.Check(3150 * Ms).IsHung, Is.False);
    }

    // Nobody checks the old board any more, so it must not take requests.
    [Test]
    public void ResetClosesTheEndedIncarnationsBoard()
    {
        DriverWatchdog watchdog = Started(0);
        RequestDeadlines ended = watchdog.Deadlines;
        ended.Start(1, 1100 * Ms);
        watchdog.Reset(2000 * Ms);
        Assert.That(ended.Start(2, 2100 * Ms), Is.False);
        Assert.That(ended.Complete(1), Is.False);
    }

    [Test]
    public void ADuplicateRequestIdIsRejected()
    {
        DriverWatchdog watchdog = Started(0);
        watchdog.Deadlines.Start(3, 1);
        Assert.That(Assert.Throws<ArgumentException>(() => watchdog.Deadlines.Start(3, 2))!.Message, Does.Contain("request 3 is already outstanding"));
    }
}
