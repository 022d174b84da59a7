using System;
using Zos.Hal;

namespace Zos.Kernel.Supervision
{
    // The requests one incarnation must answer, each with its deadline. Its
    // clients write it directly (Start, Complete) from their own threads, and
    // the watchdog reads it when the supervisor polls, so a deadline reaches
    // the watchdog in one call. When the incarnation ends the supervisor closes
    // it: late starts and completions of that incarnation change nothing, and
    // the next incarnation gets a new board (DriverWatchdog.Reset).
    public sealed class RequestDeadlines
    {
        private readonly object _sync = new object();
        private readonly GrowableArray<PendingRequest> _pending = new GrowableArray<PendingRequest>();
        private bool _closed;

        public int Outstanding => _pending.Count;

        // False once closed (the request went to an incarnation that has ended).
        public bool Start(int requestId, ulong deadlineNanoseconds)
        {
            lock (_sync)
            {
                if (_closed) return false;
                if (IndexOf(requestId) >= 0) throw new ArgumentException("watchdog: request " + requestId.ToString() + " is already outstanding");
                _pending.Add(new PendingRequest(requestId, deadlineNanoseconds));
                return true;
            }
        }

        // False when the request was not outstanding (already completed) or the board is closed.
        public bool Complete(int requestId)
        {
            lock (_sync)
            {
                int index = _closed ? -1 : IndexOf(requestId);
                if (index < 0) return false;
                _pending.RemoveAt(index);
                return true;
            }
        }

        // The outstanding request due first; false when none is.
        public bool TryEarliest(out int requestId, out ulong deadlineNanoseconds)
        {
            lock (_sync)
            {
                int earliest = -1;
                for (int i = 0; i < _pending.Count; i++)
                    if (earliest < 0 || _pending[i].DeadlineNanoseconds < _pending[earliest].DeadlineNanoseconds) earliest = i;
                requestId = earliest < 0 ? 0 : _pending[earliest].RequestId;
                deadlineNanoseconds = earliest < 0 ? ulong.MaxValue : _pending[earliest].DeadlineNanoseconds;
                return earliest >= 0;
            }
        }

        public void Close()
        {
            lock (_sync) _closed = true;
        }

        private int IndexOf(int requestId)
        {
            for (int i = 0; i < _pending.Count; i++)
                if (_pending[i].RequestId == requestId) return i;
            return -1;
        }

        private readonly struct PendingRequest(int requestId, ulong deadlineNanoseconds)
        {
            public int RequestId { get; } = requestId;
            public ulong DeadlineNanoseconds { get; } = deadlineNanoseconds;
        }
    }
}
