using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class DriverSupervisorTests
{
    private const ulong Ms = VirtualClock.Millisecond;

    private VirtualClock _clock = null!;
    private FakeDriverKernel _kernel = null!;
    private DriverSupervisor _supervisor = null!;
    private List<string> _transitions = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new VirtualClock();
        _kernel = new FakeDriverKernel(_clock);
        _supervisor = new DriverSupervisor(_clock);
        _transitions = new List<string>();
        _supervisor.StateChanged = (driver, from, to) => _transitions.Add($"{driver.Name}: {from}->{to}");
    }

    private SupervisedDriver Start(string name, RestartPolicy policy, ulong heartbeatMs = 0)
    {
        SupervisedDriver? driver = _supervisor.Start(name, policy, heartbeatMs * Ms, _kernel, _kernel, out string error);
        Assert.That(error, Is.Null);
        return driver!;
    }

    private void BringUp(SupervisedDriver driver)
    {
        _supervisor.OnInitializing(driver);
        _supervisor.OnCapabilitiesGranted(driver);
        _supervisor.OnProbing(driver);
        _supervisor.OnRunning(driver);
    }

    private CrashRecord Crash(CrashCause cause = CrashCause.UnhandledException) =>
        new(cause, "unhandled exception", "System.InvalidOperationException: boom", "EduDriver.Probe+0x1c", _clock.NowNanoseconds);

    [Test]
    public void StartSpawnsTheFirstIncarnationAndEventsLeadToRunning()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure());
        Assert.That(driver.State, Is.EqualTo(DriverState.Spawned));
        Assert.That(driver.Incarnation, Is.EqualTo(1));
        Assert.That(_kernel.Log, Is.EqualTo(new[] { "edu: spawn 1" }));
        _clock.AdvanceMilliseconds(5);
        BringUp(driver);
        Assert.That(driver.State, Is.EqualTo(DriverState.Running));
        Assert.That(_transitions, Is.EqualTo(new[]
        {
            "edu: Spawned->Initializing", "edu: Initializing->CapabilityGranted", "edu: CapabilityGranted->Probing", "edu: Probing->Running",
        }));
        _clock.AdvanceMilliseconds(250);
        Assert.That(driver.Uptime(_clock.NowNanoseconds), Is.EqualTo(250 * Ms));
        Assert.That(driver.RestartLatency.Count, Is.Zero, "a first start is no restart");
    }

    [Test]
    public void BadStartsAreRefusedWithAReason()
    {
        Start("edu", RestartPolicy.Never());
        Assert.That(_supervisor.Start("edu", RestartPolicy.Never(), 0, _kernel, _kernel, out string duplicate), Is.Null);
        Assert.That(duplicate, Is.EqualTo("driver edu is already supervised"));
        Assert.That(_supervisor.Start("", RestartPolicy.Never(), 0, _kernel, _kernel, out string unnamed), Is.Null);
        Assert.That(unnamed, Is.EqualTo("a driver needs a name"));
        Assert.That(_supervisor.Start("nic", null!, 0, _kernel, _kernel, out string noPolicy), Is.Null);
        Assert.That(noPolicy, Is.EqualTo("driver nic: no restart policy"));
        Assert.That(_supervisor.Start("nic", RestartPolicy.Never(), 0, _kernel, null!, out string noRecovery), Is.Null);
        Assert.That(noRecovery, Is.EqualTo("driver nic: nothing to launch or recover it"));
        _kernel.FailSpawn("disk", "out of thread slots");
        Assert.That(_supervisor.Start("disk", RestartPolicy.Never(), 0, _kernel, _kernel, out string spawn), Is.Null);
        Assert.That(spawn, Is.EqualTo("driver disk: spawn failed: out of thread slots"));
        Assert.That(_supervisor.Count, Is.EqualTo(1));
    }

    [Test]
    public void ALauncherThatThrowsIsAFailedSpawnNamingTheException()
    {
        _kernel.SpawnThatThrows = "disk";
        Assert.That(_supervisor.Start("disk", RestartPolicy.Never(), 0, _kernel, _kernel, out string error), Is.Null);
        Assert.That(error, Is.EqualTo("driver disk: spawn failed: threw: thread table full"));
        Assert.That(_supervisor.Count, Is.Zero);
    }

    [Test]
    public void EventsOutOfOrderAreIllegalTransitions()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Never());
        var error = Assert.Throws<DriverLifecycleException>(() => _supervisor.OnRunning(driver))!;
        Assert.That(error.Message, Does.Contain("Spawned -> Running is not a lifecycle transition"));
        Assert.That(driver.State, Is.EqualTo(DriverState.Spawned));
    }

    [Test]
    public void ACrashIsRecordedCleanedUpInOrderAndRestartedToRunningWithItsLatencyMeasured()
    {
        _kernel.StepNanoseconds = 1 * Ms;
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure());
        BringUp(driver);
        _clock.AdvanceMilliseconds(100);
        ulong crashTime = _clock.NowNanoseconds;
        _transitions.Clear();
        Assert.That(_supervisor.OnCrash(driver, Crash()), Is.True);

        Assert.That(_kernel.LogOf("edu"), Is.EqualTo(new[]
        {
            "edu: spawn 1", "edu: StopThreads", "edu: RevokeCapabilities", "edu: MaskInterrupts", "edu: StopDma", "edu: ReclaimMemory", "edu: spawn 2",
        }));
        Assert.That(_transitions, Is.EqualTo(new[] { "edu: Running->Crashed", "edu: Crashed->Restarting", "edu: Restarting->Spawned" }));
        Assert.That(driver.Incarnation, Is.EqualTo(2));
        Assert.That(driver.Restarts, Is.EqualTo(1));
        CrashRecord crash = driver.LastCrash!;
        Assert.That(crash.Cause, Is.EqualTo(CrashCause.UnhandledException));
        Assert.That(crash.Method, Is.EqualTo("EduDriver.Probe+0x1c"));
        Assert.That(crash.TimeNanoseconds, Is.EqualTo(crashTime));
        Assert.That(crash.StateAtCrash, Is.EqualTo(DriverState.Running));
        Assert.That(crash.Incarnation, Is.EqualTo(1));
        Assert.That(driver.LastRecovery!.Succeeded, Is.True);

        _clock.AdvanceMilliseconds(20);
        BringUp(driver);
        Assert.That(driver.RestartLatency.Count, Is.EqualTo(1));
        Assert.That(driver.RestartLatency.LastNanoseconds, Is.EqualTo(25 * Ms), "5 recovery steps of 1 ms, then 20 ms to Running");
    }

    [Test]
    public void EveryCrashCauseIsAcceptedFromEveryLiveState()
    {
        DriverState[] live = [DriverState.Spawned, DriverState.Initializing, DriverState.CapabilityGranted, DriverState.Probing, DriverState.Running];
        foreach (CrashCause cause in Enum.GetValues<CrashCause>())
        foreach (DriverState at in live)
        {
            SupervisedDriver driver = Start($"d{(int)cause}{at}", RestartPolicy.Never());
            if (at >= DriverState.Initializing) _supervisor.OnInitializing(driver);
            if (at >= DriverState.CapabilityGranted) _supervisor.OnCapabilitiesGranted(driver);
            if (at >= DriverState.Probing) _supervisor.OnProbing(driver);
            if (at >= DriverState.Running) _supervisor.OnRunning(driver);
            Assert.That(_supervisor.OnCrash(driver, Crash(cause)), Is.True);
            Assert.That(driver.LastCrash!.Cause, Is.EqualTo(cause));
            Assert.That(driver.LastCrash.StateAtCrash, Is.EqualTo(at));
            Assert.That(driver.State, Is.EqualTo(DriverState.Failed), "policy Never");
        }
    }

    [Test]
    public void NeverFailsOnTheFirstCrashAfterCleaningUp()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Never());
        BringUp(driver);
        _supervisor.OnCrash(driver, Crash(CrashCause.CapabilityViolation));
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));
        Assert.That(driver.StopReason, Does.Contain("does not restart after a crash"));
        Assert.That(_kernel.LogOf("edu").Last(), Is.EqualTo("edu: ReclaimMemory"));
        Assert.That(driver.Restarts, Is.Zero);
    }

    [Test]
    public void BackoffRestartsWaitDoublingDelaysAndACrashLoopEndsInFailed()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.WithBackoff(10 * Ms, 40 * Ms, maxAttempts: 4));
        var delays = new List<ulong>();
        for (int crash = 1; crash <= 5; crash++)
        {
            _supervisor.OnInitializing(driver);
            _supervisor.OnCrash(driver, Crash(CrashCause.ManagedFault));
            if (crash == 5) break;
            Assert.That(driver.State, Is.EqualTo(DriverState.Restarting));
            ulong due = driver.RestartAtNanoseconds;
            delays.Add((due - _clock.NowNanoseconds) / Ms);
            Assert.That(_supervisor.NextPollAt, Is.EqualTo(due));
            _clock.Advance(due - _clock.NowNanoseconds - 1);
            _supervisor.Poll();
            Assert.That(driver.State, Is.EqualTo(DriverState.Restarting), "not before its time");
            _clock.Advance(1);
            _supervisor.Poll();
            Assert.That(driver.State, Is.EqualTo(DriverState.Spawned));
        }
        Assert.That(delays, Is.EqualTo(new ulong[] { 10, 20, 40, 40 }));
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));
        Assert.That(driver.Restarts, Is.EqualTo(4));
        Assert.That(driver.CrashCount, Is.EqualTo(5));
        Assert.That(driver.StopReason, Does.StartWith("crash loop: 4 restarts in a row"));
        Assert.That(_supervisor.NextPollAt, Is.EqualTo(ulong.MaxValue));
    }

    [Test]
    public void ACrashLoopDoesNotDisturbAnotherDriver()
    {
        SupervisedDriver looping = Start("bad", RestartPolicy.OnFailure(maxAttempts: 3), heartbeatMs: 50);
        SupervisedDriver steady = Start("good", RestartPolicy.OnFailure(maxAttempts: 3), heartbeatMs: 50);
        BringUp(steady);
        ulong steadySince = steady.Lifecycle.EnteredAtNanoseconds;
        while (looping.State != DriverState.Failed)
        {
            _clock.AdvanceMilliseconds(10);
            _supervisor.OnHeartbeat(steady);
            _supervisor.OnInitializing(looping);
            _supervisor.OnCrash(looping, Crash(CrashCause.ManagedFault));
            _supervisor.Poll();
        }
        Assert.That(looping.Restarts, Is.EqualTo(3));
        Assert.That(steady.State, Is.EqualTo(DriverState.Running));
        Assert.That(steady.Lifecycle.EnteredAtNanoseconds, Is.EqualTo(steadySince));
        Assert.That(steady.Incarnation, Is.EqualTo(1));
        Assert.That(steady.Restarts + steady.RestartsInARow + steady.CrashCount, Is.Zero);
        Assert.That(_kernel.LogOf("good"), Is.EqualTo(new[] { "good: spawn 1" }), "no recovery step touched the steady driver");
        _clock.AdvanceMilliseconds(10);
        _supervisor.OnHeartbeat(steady);
        Assert.That(_supervisor.NextPollAt, Is.EqualTo(_clock.NowNanoseconds + 100 * Ms), "only the steady driver's watchdog is left");
    }

    [Test]
    public void AStableRunResetsTheRestartsInARow()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure(maxAttempts: 2, stableRunNanoseconds: 1000 * Ms));
        for (int crash = 0; crash < 6; crash++)
        {
            BringUp(driver);
            _clock.AdvanceMilliseconds(1000);
            _supervisor.OnCrash(driver, Crash());
            Assert.That(driver.State, Is.EqualTo(DriverState.Spawned), $"crash {crash}");
            Assert.That(driver.RestartsInARow, Is.EqualTo(1));
        }
        BringUp(driver);
        _clock.AdvanceMilliseconds(999);
        _supervisor.OnCrash(driver, Crash());
        Assert.That(driver.RestartsInARow, Is.EqualTo(2), "999 ms is not a stable run");
        BringUp(driver);
        _supervisor.OnCrash(driver, Crash());
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));
        Assert.That(driver.Restarts, Is.EqualTo(7));
    }

    // Only Running counts: a driver stuck in its probe is not stable.
    [Test]
    public void TimeBeforeRunningIsNoStableRun()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure(maxAttempts: 1, stableRunNanoseconds: 1000 * Ms));
        _supervisor.OnCrash(driver, Crash());
        _supervisor.OnInitializing(driver);
        _supervisor.OnCapabilitiesGranted(driver);
        _supervisor.OnProbing(driver);
        _clock.AdvanceMilliseconds(2000);
        _supervisor.OnCrash(driver, Crash());
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed), "2 s of probing is not 1 s of running");
        Assert.That(driver.StopReason, Does.StartWith("crash loop: 1 restarts in a row"));
    }

    [Test]
    public void CleanExitsCountTowardsACrashLoopUnlessTheyFollowAStableRun()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Always(maxAttempts: 1, stableRunNanoseconds: 1000 * Ms));
        BringUp(driver);
        _clock.AdvanceMilliseconds(1000);
        _supervisor.OnEnded(driver);
        Assert.That(driver.State, Is.EqualTo(DriverState.Spawned), "after a stable run the restart is the first in a row");
        BringUp(driver);
        _clock.AdvanceMilliseconds(999);
        _supervisor.OnEnded(driver);
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));
        Assert.That(driver.StopReason, Does.StartWith("crash loop: 1 restarts in a row"));
    }

    [Test]
    public void MissedHeartbeatsAreAWatchdogCrash()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure(), heartbeatMs: 100);
        BringUp(driver);
        _clock.AdvanceMilliseconds(150);
        _supervisor.OnHeartbeat(driver);
        Assert.That(_supervisor.NextPollAt, Is.EqualTo(_clock.NowNanoseconds + 200 * Ms));
        _clock.AdvanceMilliseconds(199);
        _supervisor.Poll();
        Assert.That(driver.State, Is.EqualTo(DriverState.Running));
        _clock.AdvanceMilliseconds(1);
        _supervisor.Poll();
        Assert.That(driver.CrashCount, Is.EqualTo(1));
        Assert.That(driver.LastCrash!.Cause, Is.EqualTo(CrashCause.Watchdog));
        Assert.That(driver.LastCrash.Kind, Is.EqualTo("heartbeat missed"));
        Assert.That(driver.LastCrash.Message, Does.StartWith("no heartbeat for 200 ms"));
        Assert.That(_kernel.LogOf("edu")[1], Is.EqualTo("edu: StopThreads"), "a hung driver's threads are stopped first");
        Assert.That(driver.State, Is.EqualTo(DriverState.Spawned));
        Assert.That(driver.Watchdog.LastHeartbeatNanoseconds, Is.EqualTo(_clock.NowNanoseconds), "the new incarnation's heartbeat clock starts at its spawn");
    }

    // Spawn is the watchdog's baseline (see DriverWatchdog), not time 0.
    [Test]
    public void AFreshlyStartedDriverHasTwoHeartbeatPeriodsBeforeItIsHung()
    {
        ulong spawnedAt = _clock.NowNanoseconds;
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure(), heartbeatMs: 100);
        Assert.That(_supervisor.NextPollAt, Is.EqualTo(spawnedAt + 200 * Ms));
        _clock.AdvanceMilliseconds(199);
        _supervisor.Poll();
        Assert.That(driver.State, Is.EqualTo(DriverState.Spawned));
        Assert.That(driver.CrashCount, Is.Zero);
    }

    [Test]
    public void HeartbeatsAreAcceptedBeforeRunningToo()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure(), heartbeatMs: 100);
        _supervisor.OnInitializing(driver);
        _clock.AdvanceMilliseconds(150);
        Assert.That(_supervisor.OnHeartbeat(driver), Is.True);
        Assert.That(driver.Watchdog.LastHeartbeatNanoseconds, Is.EqualTo(_clock.NowNanoseconds));
    }

    [Test]
    public void ARequestPastItsDeadlineIsAWatchdogCrashAndLateEventsOfTheOldIncarnationAreIgnored()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Never());
        BringUp(driver);
        Assert.That(driver.Watchdog.Deadlines.Start(1, _clock.NowNanoseconds + 30 * Ms), Is.True);
        Assert.That(driver.Watchdog.Deadlines.Start(2, _clock.NowNanoseconds + 90 * Ms), Is.True);
        Assert.That(driver.Watchdog.Deadlines.Complete(1), Is.True);
        _clock.AdvanceMilliseconds(89);
        Assert.That(_supervisor.Poll(), Is.EqualTo(_clock.NowNanoseconds + 1 * Ms));
        _clock.AdvanceMilliseconds(1);
        _supervisor.Poll();
        Assert.That(driver.LastCrash!.Kind, Is.EqualTo("request deadline passed"));
        Assert.That(driver.LastCrash.Message, Is.EqualTo("request 2 outstanding 0 ms past its deadline"));
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));

        Assert.That(_supervisor.OnCrash(driver, Crash()), Is.False, "a fault racing the watchdog");
        Assert.That(driver.Watchdog.Deadlines.Complete(2), Is.False);
        Assert.That(_supervisor.OnHeartbeat(driver), Is.False);
        Assert.That(_supervisor.OnEnded(driver), Is.False);
        Assert.That(driver.CrashCount, Is.EqualTo(1));
    }

    [Test]
    public void RequestsHandedToAnEndedIncarnationNeverCountAgainstTheNextOne()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure());
        BringUp(driver);
        RequestDeadlines first = driver.Watchdog.Deadlines;
        Assert.That(first.Start(1, _clock.NowNanoseconds + 10 * Ms), Is.True);

        _supervisor.OnCrash(driver, Crash());
        Assert.That(driver.Incarnation, Is.EqualTo(2));

        Assert.That(first.Start(2, _clock.NowNanoseconds + 10 * Ms), Is.False, "a late request of incarnation 1");
        Assert.That(first.Complete(1), Is.False);
        Assert.That(driver.Watchdog.Deadlines, Is.Not.SameAs(first));
        Assert.That(driver.Watchdog.OutstandingRequests, Is.Zero);
        BringUp(driver);
        _clock.AdvanceMilliseconds(50);
        Assert.That(_supervisor.Poll(), Is.EqualTo(ulong.MaxValue));
        Assert.That(driver.State, Is.EqualTo(DriverState.Running));
    }

    [Test]
    public void ACrashReportOfAnEarlierIncarnationDoesNotEndTheNewOne()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure());
        BringUp(driver);
        Assert.That(_supervisor.OnCrash(driver, 1, Crash()), Is.True);
        BringUp(driver);
        Assert.That(_supervisor.OnCrash(driver, 1, Crash()), Is.False);
        Assert.That(driver.State, Is.EqualTo(DriverState.Running));
        Assert.That(driver.CrashCount, Is.EqualTo(1));
        Assert.That(_supervisor.OnCrash(driver, 2, Crash()), Is.True);
        Assert.That(driver.Incarnation, Is.EqualTo(3));
    }

    [Test]
    public void DeniedCapabilitiesFailAtOnceAfterCleaningUp()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Always());
        _supervisor.OnInitializing(driver);
        _supervisor.OnCapabilitiesDenied(driver, "port 0x60 is not a resource of 00:04.0");
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));
        Assert.That(driver.StopReason, Is.EqualTo("capabilities denied: port 0x60 is not a resource of 00:04.0"));
        Assert.That(_kernel.LogOf("edu"), Has.Count.EqualTo(6));
        Assert.That(driver.Restarts, Is.Zero);
        Assert.That(driver.CrashCount, Is.Zero);
    }

    [Test]
    public void ADeniedDriversFailedCleanupIsAddedToTheReason()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Always());
        _kernel.FailStep("edu", RecoveryStep.RevokeCapabilities, "table locked");
        _supervisor.OnInitializing(driver);
        _supervisor.OnCapabilitiesDenied(driver, "no such BAR");
        Assert.That(driver.StopReason, Is.EqualTo("capabilities denied: no such BAR; recovery step revoke capabilities failed: table locked"));
    }

    [Test]
    public void RequestsOfADriverWhoseCapabilitiesWereDeniedAreRefused()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Always());
        _supervisor.OnInitializing(driver);
        RequestDeadlines board = driver.Watchdog.Deadlines;
        Assert.That(board.Start(1, _clock.NowNanoseconds + 10 * Ms), Is.True);
        _supervisor.OnCapabilitiesDenied(driver, "no such BAR");
        Assert.That(board.Start(2, _clock.NowNanoseconds + 10 * Ms), Is.False, "a request to a Failed driver");
        Assert.That(board.Complete(1), Is.False);
    }

    [Test]
    public void CleanExitStaysExitedUnderOnFailureAndIsRestartedUnderAlways()
    {
        SupervisedDriver quiet = Start("quiet", RestartPolicy.OnFailure());
        SupervisedDriver eager = Start("eager", RestartPolicy.Always());
        BringUp(quiet);
        BringUp(eager);
        Assert.That(_supervisor.OnEnded(quiet), Is.True);
        Assert.That(_supervisor.OnEnded(eager), Is.True);
        Assert.That(quiet.State, Is.EqualTo(DriverState.Exited));
        Assert.That(quiet.StopReason, Does.Contain("does not restart after a clean exit"));
        Assert.That(_kernel.LogOf("quiet").Last(), Is.EqualTo("quiet: ReclaimMemory"), "an exited driver is cleaned up too");
        Assert.That(eager.State, Is.EqualTo(DriverState.Spawned));
        Assert.That(eager.Incarnation, Is.EqualTo(2));
        Assert.That(quiet.CrashCount + eager.CrashCount, Is.Zero);
    }

    [Test]
    public void EndingBeforeRunningIsAnExplicitFailureCrash()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure());
        _supervisor.OnInitializing(driver);
        _supervisor.OnCapabilitiesGranted(driver);
        _supervisor.OnProbing(driver);
        _supervisor.OnEnded(driver);
        Assert.That(driver.LastCrash!.Cause, Is.EqualTo(CrashCause.ExplicitFailure));
        Assert.That(driver.LastCrash.Kind, Is.EqualTo("ended early"));
        Assert.That(driver.LastCrash.Message, Is.EqualTo("every thread ended while Probing"));
        Assert.That(driver.State, Is.EqualTo(DriverState.Spawned));
    }

    [Test]
    public void AFailedRecoveryStepEndsInFailedWithoutRestart()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.Always());
        BringUp(driver);
        _kernel.FailStep("edu", RecoveryStep.MaskInterrupts, "IOAPIC entry busy");
        _supervisor.OnCrash(driver, Crash());
        Assert.That(driver.State, Is.EqualTo(DriverState.Failed));
        Assert.That(driver.StopReason, Is.EqualTo("recovery step mask interrupts failed: IOAPIC entry busy"));
        Assert.That(_kernel.LogOf("edu"), Does.Not.Contain("edu: StopDma").And.Not.Contain("edu: spawn 2"));
        Assert.That(driver.LastRecovery!.Steps[2].Outcome, Is.EqualTo(RecoveryStepOutcome.Failed));
    }

    [Test]
    public void AFailedRespawnEndsInFailed()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure());
        BringUp(driver);
        _kernel.FailSpawn("edu", "no memory for a domain");
        _supervisor.OnCrash(driver, Crash());
        Assert.That(_transitions.TakeLast(3), Is.EqualTo(new[] { "edu: Running->Crashed", "edu: Crashed->Restarting", "edu: Restarting->Failed" }));
        Assert.That(driver.StopReason, Is.EqualTo("restart failed: no memory for a domain"));
    }

    [Test]
    public void CrashHistoryKeepsTheNewestCrashesOldestFirst()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.OnFailure(maxAttempts: 100));
        for (int i = 0; i < 11; i++)
        {
            _clock.AdvanceMilliseconds(1);
            _supervisor.OnCrash(driver, new CrashRecord(CrashCause.ExplicitFailure, null!, "crash " + i, null!, _clock.NowNanoseconds));
        }
        CrashRecord[] history = driver.CrashHistory();
        Assert.That(history.Select(c => c.Message), Is.EqualTo(Enumerable.Range(3, 8).Select(i => "crash " + i)));
        Assert.That(history.Select(c => c.Incarnation), Is.EqualTo(Enumerable.Range(4, 8)));
        Assert.That(driver.LastCrash!.Message, Is.EqualTo("crash 10"));
    }

    [Test]
    public void RestartLatencyStatisticsCoverEveryRestart()
    {
        SupervisedDriver driver = Start("edu", RestartPolicy.WithBackoff(10 * Ms, 100 * Ms, maxAttempts: 10));
        BringUp(driver);
        foreach (ulong bringUpMs in new ulong[] { 5, 15, 30 })
        {
            _supervisor.OnCrash(driver, Crash());
            _clock.Advance(driver.RestartAtNanoseconds - _clock.NowNanoseconds);
            _supervisor.Poll();
            _clock.AdvanceMilliseconds(bringUpMs);
            BringUp(driver);
        }
        // Delays 10, 20, 40 ms plus bring-up 5, 15, 30 ms.
        RestartLatency latency = driver.RestartLatency;
        Assert.That(latency.Count, Is.EqualTo(3));
        Assert.That(latency.MinNanoseconds, Is.EqualTo(15 * Ms));
        Assert.That(latency.MaxNanoseconds, Is.EqualTo(70 * Ms));
        Assert.That(latency.LastNanoseconds, Is.EqualTo(70 * Ms));
        Assert.That(latency.AverageNanoseconds, Is.EqualTo(40 * Ms));
    }

    [Test]
    public void FindAndDriversListEveryInstance()
    {
        SupervisedDriver a = Start("a", RestartPolicy.Never());
        SupervisedDriver b = Start("b", RestartPolicy.Never());
        Assert.That(_supervisor.Drivers(), Is.EqualTo(new[] { a, b }));
        Assert.That(_supervisor.Find("b"), Is.SameAs(b));
        Assert.That(_supervisor.Find("c"), Is.Null);
    }
}
