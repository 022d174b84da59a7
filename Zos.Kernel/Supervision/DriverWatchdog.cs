namespace Zos.Kernel.Supervision
{
    // Decides when a driver instance counts as hung. Two rules:
    // - heartbeats (when a period is set): as MINIX's reincarnation server does,
    //   a driver that has not sent a heartbeat for two whole periods is hung;
    //   one late heartbeat is tolerated, since a busy driver may be one tick late.
    // - request deadlines: a request the kernel handed to the driver and that is
    //   still outstanding at its deadline means the driver is hung.
    // Check is a pure function of the time given; the supervisor calls it
    // whenever it polls, and NextCheckAt says when the verdict can next change.
    // The baseline is the incarnation's spawn time, so a driver whose
    // initialisation or probe takes longer than two periods must heartbeat too.
    public sealed class DriverWatchdog
    {
        public const int MissedPeriodsAllowed = 2;

        // heartbeatPeriodNanoseconds: 0 when the driver sends no heartbeats (deadlines are still checked).
        public DriverWatchdog(ulong heartbeatPeriodNanoseconds) => HeartbeatPeriodNanoseconds = heartbeatPeriodNanoseconds;

        public ulong HeartbeatPeriodNanoseconds { get; }
        public ulong LastHeartbeatNanoseconds { get; private set; }
        // The current incarnation's outstanding requests, written by its clients.
        public RequestDeadlines Deadlines { get; private set; } = new RequestDeadlines();
        public int OutstandingRequests => Deadlines.Outstanding;

        // A new incarnation: the heartbeat clock starts now, with a new, empty deadline board.
        public void Reset(ulong nowNanoseconds)
        {
            LastHeartbeatNanoseconds = nowNanoseconds;
            Deadlines.Close();
            Deadlines = new RequestDeadlines();
        }

        public void Heartbeat(ulong nowNanoseconds)
        {
            if (nowNanoseconds > LastHeartbeatNanoseconds) LastHeartbeatNanoseconds = nowNanoseconds;
        }

        public HangVerdict Check(ulong nowNanoseconds)
        {
            if (HeartbeatPeriodNanoseconds != 0 && nowNanoseconds >= HeartbeatDeadline)
            {
                ulong silent = nowNanoseconds - LastHeartbeatNanoseconds;
                return new HangVerdict(HangKind.HeartbeatMissed, "no heartbeat for " + DurationText.Milliseconds(silent) + " (period "
                    + DurationText.Milliseconds(HeartbeatPeriodNanoseconds) + ", hung after " + MissedPeriodsAllowed.ToString() + " missed)", 0);
            }
            if (Deadlines.TryEarliest(out int requestId, out ulong deadline) && nowNanoseconds >= deadline)
                return new HangVerdict(HangKind.DeadlinePassed, "request " + requestId.ToString() + " outstanding "
                    + DurationText.Milliseconds(nowNanoseconds - deadline) + " past its deadline", requestId);
            return HangVerdict.Alive;
        }

        // The earliest time at which Check can find the driver hung (ulong.MaxValue: never, as things stand).
        public ulong NextCheckAt
        {
            get
            {
                ulong next = HeartbeatPeriodNanoseconds == 0 ? ulong.MaxValue : HeartbeatDeadline;
                Deadlines.TryEarliest(out _, out ulong deadline);
                return deadline < next ? deadline : next;
            }
        }

        private ulong HeartbeatDeadline => LastHeartbeatNanoseconds + MissedPeriodsAllowed * HeartbeatPeriodNanoseconds;
    }

    // The watchdog's judgement of a driver at one instant.
    public readonly struct HangVerdict
    {
        public HangVerdict(HangKind kind, string message, int requestId)
        {
            Kind = kind;
            Message = message;
            RequestId = requestId;
        }

        public HangKind Kind { get; }
        public bool IsHung => Kind != HangKind.None;
        // What was missed, in words (null when not hung).
        public string Message { get; }
        // The overdue request (DeadlinePassed only).
        public int RequestId { get; }

        public static HangVerdict Alive => new HangVerdict(HangKind.None, null, 0);
    }

    public enum HangKind
    {
        None,
        // No heartbeat for HangVerdict.MissedPeriods heartbeat periods.
        HeartbeatMissed,
        // A request is still outstanding past its deadline.
        DeadlinePassed,
    }
}
