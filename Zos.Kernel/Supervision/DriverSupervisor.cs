using System;
using Zos.Hal;

namespace Zos.Kernel.Supervision
{
    // Supervises driver instances: follows each one's lifecycle from the events
    // the kernel reports, cleans up an ended incarnation (RecoveryPlan), and
    // restarts it or gives up according to its RestartPolicy. Each driver's
    // counters, timers and decisions are its own, so one driver's crash loop
    // changes nothing for another.
    //
    // Portable: time comes from an IMonotonicClock, the kernel's work for each
    // driver from the IDriverLauncher and IRecoveryActions given at Start (the
    // kernel's are bound to that driver's instance, so nothing is looked up).
    // Not thread-safe: the kernel calls it from one thread (the supervisor's),
    // which also calls Poll at the time NextPollAt names, at the latest. The
    // one exception is each watchdog's RequestDeadlines, which clients write.
    public sealed class DriverSupervisor
    {
        private readonly IMonotonicClock _clock;
        private readonly GrowableArray<SupervisedDriver> _drivers = new GrowableArray<SupervisedDriver>();

        public DriverSupervisor(IMonotonicClock clock) => _clock = clock;

        // Called after every lifecycle transition: (driver, from, to).
        public Action<SupervisedDriver, DriverState, DriverState> StateChanged { get; set; }

        public int Count => _drivers.Count;

        public SupervisedDriver[] Drivers() => _drivers.ToArray();

        public SupervisedDriver Find(string name)
        {
            for (int i = 0; i < _drivers.Count; i++)
                if (_drivers[i].Name == name) return _drivers[i];
            return null;
        }

        // Spawns the first incarnation; the driver is then Spawned. heartbeatPeriodNanoseconds: 0 for none.
        // launcher and recovery do the kernel's work for this driver alone.
        // On failure returns null with the reason, and nothing is registered.
        public SupervisedDriver Start(string name, RestartPolicy policy, ulong heartbeatPeriodNanoseconds, IDriverLauncher launcher,
            IRecoveryActions recovery, out string error)
        {
            error = name is null || name.Length == 0 ? "a driver needs a name"
                : policy is null ? "driver " + name + ": no restart policy"
                : launcher is null || recovery is null ? "driver " + name + ": nothing to launch or recover it"
                : Find(name) is not null ? "driver " + name + " is already supervised"
                : null;
            if (error is not null) return null;
            var driver = new SupervisedDriver(name, policy, heartbeatPeriodNanoseconds, launcher, recovery, _clock.NowNanoseconds);
            error = TrySpawn(driver);
            if (error is not null)
            {
                error = "driver " + name + ": spawn failed: " + error;
                return null;
            }
            Register(driver);
            return driver;
        }

        // The driver started asking for its capabilities.
        public void OnInitializing(SupervisedDriver driver) => Move(driver, DriverState.Initializing);

        public void OnCapabilitiesGranted(SupervisedDriver driver) => Move(driver, DriverState.CapabilityGranted);

        // A capability request beyond its device's resources: restarting would not help, so Failed.
        public void OnCapabilitiesDenied(SupervisedDriver driver, string reason)
        {
            Move(driver, DriverState.Failed);
            driver.EndedAtNanoseconds = _clock.NowNanoseconds;
            driver.StopReason = "capabilities denied: " + reason;
            driver.Watchdog.Deadlines.Close();
            driver.LastRecovery = RecoveryPlan.Run(driver.Recovery, driver, _clock);
            if (!driver.LastRecovery.Succeeded) driver.StopReason += "; " + driver.LastRecovery.FailureReason;
        }

        public void OnProbing(SupervisedDriver driver) => Move(driver, DriverState.Probing);

        public void OnRunning(SupervisedDriver driver)
        {
            Move(driver, DriverState.Running);
            if (driver.Incarnation > 1) driver.RestartLatency.Add(driver.Lifecycle.EnteredAtNanoseconds - driver.EndedAtNanoseconds);
        }

        // Heartbeats of an incarnation that has ended are ignored (false).
        public bool OnHeartbeat(SupervisedDriver driver) => OnHeartbeat(driver, _clock.NowNanoseconds);

        // A heartbeat sent at that time (the kernel passes them on when it polls).
        public bool OnHeartbeat(SupervisedDriver driver, ulong atNanoseconds)
        {
            if (!driver.Lifecycle.IsLive) return false;
            driver.Watchdog.Heartbeat(atNanoseconds);
            return true;
        }

        // A crash of the live incarnation: recorded, cleaned up, then restarted
        // (at once if its policy waits for nothing) or Failed. A report that
        // arrives once the incarnation has already ended (a fault racing the
        // watchdog) is ignored and returns false.
        public bool OnCrash(SupervisedDriver driver, CrashRecord crash)
        {
            if (!driver.Lifecycle.IsLive) return false;
            crash.StateAtCrash = driver.State;
            crash.Incarnation = driver.Incarnation;
            driver.RecordCrash(crash);
            ulong runningSince = driver.Lifecycle.EnteredAtNanoseconds;
            ulong runningFor = driver.State == DriverState.Running && crash.TimeNanoseconds > runningSince ? crash.TimeNanoseconds - runningSince : 0;
            Move(driver, DriverState.Crashed);
            EndIncarnation(driver, crashed: true, crash.TimeNanoseconds, runningFor);
            return true;
        }

        // The same for a report that names the incarnation it belongs to (the
        // kernel knows it from the domain that faulted): one from an earlier
        // incarnation, arriving after the restart, must not end the new one.
        public bool OnCrash(SupervisedDriver driver, int incarnation, CrashRecord crash) =>
            incarnation == driver.Incarnation && OnCrash(driver, crash);

        // Every thread of the driver's domain returned. From Running that is a
        // clean exit; before Running the driver gave up half-way, which is a crash.
        public bool OnEnded(SupervisedDriver driver)
        {
            if (!driver.Lifecycle.IsLive) return false;
            ulong now = _clock.NowNanoseconds;
            if (driver.State != DriverState.Running)
                return OnCrash(driver, new CrashRecord(CrashCause.ExplicitFailure, "ended early",
                    "every thread ended while " + DriverLifecycle.Name(driver.State), null, now));
            ulong runningFor = now - driver.Lifecycle.EnteredAtNanoseconds;
            Move(driver, DriverState.Exited);
            EndIncarnation(driver, crashed: false, now, runningFor);
            return true;
        }

        // Finds hung drivers and restarts that are due. Returns NextPollAt.
        public ulong Poll()
        {
            ulong now = _clock.NowNanoseconds;
            for (int i = 0; i < _drivers.Count; i++)
            {
                SupervisedDriver driver = _drivers[i];
                if (driver.Lifecycle.IsLive)
                {
                    HangVerdict verdict = driver.Watchdog.Check(now);
                    if (verdict.IsHung)
                        OnCrash(driver, new CrashRecord(CrashCause.Watchdog,
                            verdict.Kind == HangKind.HeartbeatMissed ? "heartbeat missed" : "request deadline passed", verdict.Message, null, now));
                }
                if (driver.State == DriverState.Restarting && driver.RestartAtNanoseconds <= now) Respawn(driver);
            }
            return NextPollAt;
        }

        // The earliest time something needs Poll: a watchdog limit or a restart. ulong.MaxValue when nothing does.
        public ulong NextPollAt
        {
            get
            {
                ulong next = ulong.MaxValue;
                for (int i = 0; i < _drivers.Count; i++)
                {
                    SupervisedDriver driver = _drivers[i];
                    ulong due = driver.Lifecycle.IsLive ? driver.Watchdog.NextCheckAt
                        : driver.State == DriverState.Restarting ? driver.RestartAtNanoseconds : ulong.MaxValue;
                    if (due < next) next = due;
                }
                return next;
            }
        }

        private void EndIncarnation(SupervisedDriver driver, bool crashed, ulong endedAt, ulong runningFor)
        {
            driver.EndedAtNanoseconds = endedAt;
            // Its clients' late requests and completions go nowhere from now on.
            driver.Watchdog.Deadlines.Close();
            if (runningFor >= driver.Policy.StableRunNanoseconds) driver.RestartsInARow = 0;
            driver.LastRecovery = RecoveryPlan.Run(driver.Recovery, driver, _clock);
            if (!driver.LastRecovery.Succeeded)
            {
                driver.StopReason = driver.LastRecovery.FailureReason;
                Move(driver, DriverState.Failed);
                return;
            }
            ulong now = _clock.NowNanoseconds;
            RestartDecision decision = driver.Policy.Decide(crashed, driver.RestartsInARow, now);
            driver.StopReason = decision.Reason;
            if (decision.Action == RestartAction.Fail) Move(driver, DriverState.Failed);
            if (decision.Action != RestartAction.Restart) return;
            driver.RestartAtNanoseconds = decision.AtNanoseconds;
            Move(driver, DriverState.Restarting);
            if (decision.AtNanoseconds <= now) Respawn(driver);
        }

        private void Respawn(SupervisedDriver driver)
        {
            driver.Incarnation++;
            driver.Restarts++;
            driver.RestartsInARow++;
            driver.Watchdog.Reset(_clock.NowNanoseconds);
            string error = TrySpawn(driver);
            if (error is not null)
            {
                driver.StopReason = "restart failed: " + error;
                Move(driver, DriverState.Failed);
                return;
            }
            Move(driver, DriverState.Spawned);
        }

        private string TrySpawn(SupervisedDriver driver)
        {
            try
            {
                return driver.Launcher.Spawn(driver);
            }
            catch (Exception exception)
            {
                return "threw: " + exception.Message;
            }
        }

        private void Move(SupervisedDriver driver, DriverState to)
        {
            DriverState from = driver.State;
            driver.Lifecycle.MoveTo(to, _clock.NowNanoseconds);
            StateChanged?.Invoke(driver, from, to);
        }

        private void Register(SupervisedDriver driver) => _drivers.Add(driver);
    }

    // The kernel's way to start an incarnation of a driver: create its fault
    // domain and first thread (which then reports Initializing, ... to the
    // supervisor). Returns null when started, else why it could not be.
    public interface IDriverLauncher
    {
        string Spawn(SupervisedDriver driver);
    }

    // The supervisor's only source of time, so that host tests can drive it with
    // a virtual clock and the kernel with the time-stamp counter.
    public interface IMonotonicClock
    {
        // Nanoseconds since an arbitrary origin; never goes backwards.
        ulong NowNanoseconds { get; }
    }
}
