using System;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;

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

        private int[] _requestIds = new int[4];
        private ulong[] _deadlines = new ulong[4];
        private int _outstanding;

        // heartbeatPeriodNanoseconds: 0 when the driver sends no heartbeats (deadlines are still checked).
        public DriverWatchdog(ulong heartbeatPeriodNanoseconds) => HeartbeatPeriodNanoseconds = heartbeatPeriodNanoseconds;

        public ulong HeartbeatPeriodNanoseconds { get; }
        public ulong LastHeartbeatNanoseconds { get; private set; }
        public int OutstandingRequests => _outstanding;

        // A new incarnation: the heartbeat clock starts now and no request is outstanding.
        public void Reset(ulong nowNanoseconds)
        {
            LastHeartbeatNanoseconds = nowNanoseconds;
            _outstanding = 0;
        }

        public void Heartbeat(ulong nowNanoseconds)
        {
            if (nowNanoseconds > LastHeartbeatNanoseconds) LastHeartbeatNanoseconds = nowNanoseconds;
        }

        public void StartRequest(int requestId, ulong deadlineNanoseconds)
        {
            if (IndexOf(requestId) >= 0) throw new ArgumentException("watchdog: request " + requestId.ToString() + " is already outstanding");
            if (_outstanding == _requestIds.Length)
            {
                var ids = new int[_outstanding * 2];
                var deadlines = new ulong[_outstanding * 2];
                for (int i = 0; i < _outstanding; i++)
                {
                    ids[i] = _requestIds[i];
                    deadlines[i] = _deadlines[i];
                }
                _requestIds = ids;
                _deadlines = deadlines;
            }
            _requestIds[_outstanding] = requestId;
            _deadlines[_outstanding] = deadlineNanoseconds;
            _outstanding++;
        }

        // False when the request was not outstanding (already completed, or from an earlier incarnation).
        public bool CompleteRequest(int requestId)
        {
            int index = IndexOf(requestId);
            if (index < 0) return false;
            _outstanding--;
            _requestIds[index] = _requestIds[_outstanding];
            _deadlines[index] = _deadlines[_outstanding];
            return true;
        }

        public HangVerdict Check(ulong nowNanoseconds)
        {
            if (HeartbeatPeriodNanoseconds != 0 && nowNanoseconds >= HeartbeatDeadline)
            {
                ulong silent = nowNanoseconds - LastHeartbeatNanoseconds;
                return new HangVerdict(HangKind.HeartbeatMissed, "no heartbeat for " + DurationText.Milliseconds(silent) + " (period "
                    + DurationText.Milliseconds(HeartbeatPeriodNanoseconds) + ", hung after " + MissedPeriodsAllowed.ToString() + " missed)", 0);
            }
            int earliest = EarliestDeadlineIndex();
            if (earliest >= 0 && nowNanoseconds >= _deadlines[earliest])
                return new HangVerdict(HangKind.DeadlinePassed, "request " + _requestIds[earliest].ToString() + " outstanding "
                    + DurationText.Milliseconds(nowNanoseconds - _deadlines[earliest]) + " past its deadline", _requestIds[earliest]);
            return HangVerdict.Alive;
        }

        // The earliest time at which Check can find the driver hung (ulong.MaxValue: never, as things stand).
        public ulong NextCheckAt
        {
            get
            {
                ulong next = HeartbeatPeriodNanoseconds == 0 ? ulong.MaxValue : HeartbeatDeadline;
                int earliest = EarliestDeadlineIndex();
                if (earliest >= 0 && _deadlines[earliest] < next) next = _deadlines[earliest];
                return next;
            }
        }

        private ulong HeartbeatDeadline => LastHeartbeatNanoseconds + MissedPeriodsAllowed * HeartbeatPeriodNanoseconds;

        private int IndexOf(int requestId)
        {
            for (int i = 0; i < _outstanding; i++)
                if (_requestIds[i] == requestId) return i;
            return -1;
        }

        private int EarliestDeadlineIndex()
        {
            int earliest = -1;
            for (int i = 0; i < _outstanding; i++)
                if (earliest < 0 || _deadlines[i] < _deadlines[earliest]) earliest = i;
            return earliest;
        }
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
