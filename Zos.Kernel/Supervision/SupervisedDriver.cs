namespace Zos.Kernel.Supervision
{
    // One driver instance under the supervisor: its lifecycle, policy, crashes,
    // restarts and timings. DriverSupervisor changes it; everyone else reads.
    public sealed class SupervisedDriver
    {
        public const int CrashesKept = 8;

        private readonly CrashRecord[] _crashes = new CrashRecord[CrashesKept];

        internal SupervisedDriver(string name, RestartPolicy policy, ulong heartbeatPeriodNanoseconds, IDriverLauncher launcher,
            IRecoveryActions recovery, ulong nowNanoseconds)
        {
            Name = name;
            Policy = policy;
            Launcher = launcher;
            Recovery = recovery;
            Lifecycle = new DriverLifecycle(name, nowNanoseconds);
            Watchdog = new DriverWatchdog(heartbeatPeriodNanoseconds);
            Watchdog.Reset(nowNanoseconds);
            Incarnation = 1;
        }

        // Its key: Start refuses a second driver of the same name.
        public string Name { get; }
        public RestartPolicy Policy { get; }
        public DriverLifecycle Lifecycle { get; }
        public DriverState State => Lifecycle.State;
        public DriverWatchdog Watchdog { get; }
        internal IDriverLauncher Launcher { get; }
        internal IRecoveryActions Recovery { get; }

        // 1 for the first start, +1 for every restart.
        public int Incarnation { get; internal set; }
        public int Restarts { get; internal set; }
        // Restarts since the driver last stayed Running for its policy's stable run time.
        public int RestartsInARow { get; internal set; }
        public int CrashCount { get; private set; }
        public CrashRecord LastCrash => CrashCount == 0 ? null : _crashes[(CrashCount - 1) % CrashesKept];
        // Why it is Failed (null otherwise), or why a clean exit was not restarted.
        public string StopReason { get; internal set; }
        // When the pending restart is due (Restarting only).
        public ulong RestartAtNanoseconds { get; internal set; }
        // When the last incarnation ended (crash or exit); restart latency starts here.
        public ulong EndedAtNanoseconds { get; internal set; }
        public RecoveryReport LastRecovery { get; internal set; }
        public RestartLatency RestartLatency { get; } = new RestartLatency();

        public ulong Uptime(ulong nowNanoseconds) =>
            State == DriverState.Running ? nowNanoseconds - Lifecycle.EnteredAtNanoseconds : 0;

        // The last CrashesKept crashes, oldest first.
        public CrashRecord[] CrashHistory()
        {
            int kept = CrashCount < CrashesKept ? CrashCount : CrashesKept;
            var history = new CrashRecord[kept];
            for (int i = 0; i < kept; i++) history[i] = _crashes[(CrashCount - kept + i) % CrashesKept];
            return history;
        }

        internal void RecordCrash(CrashRecord crash)
        {
            _crashes[CrashCount % CrashesKept] = crash;
            CrashCount++;
        }
    }

    // Restart latency of one driver: from the end of an incarnation (the crash's
    // time, or the clean exit's) to the next incarnation reaching Running. It
    // includes cleanup, the policy's backoff delay, spawn, initialisation and probe.
    public sealed class RestartLatency
    {
        public int Count { get; private set; }
        public ulong LastNanoseconds { get; private set; }
        public ulong MinNanoseconds { get; private set; }
        public ulong MaxNanoseconds { get; private set; }
        public ulong TotalNanoseconds { get; private set; }
        public ulong AverageNanoseconds => Count == 0 ? 0 : TotalNanoseconds / (ulong)Count;

        public void Add(ulong nanoseconds)
        {
            if (Count == 0 || nanoseconds < MinNanoseconds) MinNanoseconds = nanoseconds;
            if (nanoseconds > MaxNanoseconds) MaxNanoseconds = nanoseconds;
            LastNanoseconds = nanoseconds;
            TotalNanoseconds += nanoseconds;
            Count++;
        }
    }
}
