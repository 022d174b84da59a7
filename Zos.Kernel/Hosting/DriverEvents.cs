using Zos.Hal;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // Driver threads post, the supervisor thread takes: the supervisor is not
    // thread-safe, so no driver thread ever calls it. Interrupts are off while
    // the queue changes (one CPU), which also means a driver thread cannot be
    // stopped half-way through a post. Posting wakes the supervisor, unless the
    // poster says the event can wait for its next look; then it is woken once
    // WakeAtCount events are waiting, so the queue stays short.
    public sealed class DriverEventQueue
    {
        public const int WakeAtCount = 256;

        private readonly KernelEvent _wake;
        private DriverEvent[] _events = new DriverEvent[16];
        private int _head;
        private int _count;

        public DriverEventQueue(KernelEvent wake) => _wake = wake;

        public void Post(in DriverEvent driverEvent, bool wake = true)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (_count == _events.Length) Grow();
            _events[(_head + _count) % _events.Length] = driverEvent;
            _count++;
            bool full = _count >= WakeAtCount;
            Cpu.RestoreInterrupts(flags);
            if (wake || full) _wake.Set();
        }

        public bool TryTake(out DriverEvent driverEvent)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            bool taken = _count > 0;
            driverEvent = taken ? _events[_head] : default;
            if (taken)
            {
                _events[_head] = default;
                _head = (_head + 1) % _events.Length;
                _count--;
            }
            Cpu.RestoreInterrupts(flags);
            return taken;
        }

        private void Grow()
        {
            var larger = new DriverEvent[_events.Length * 2];
            for (int i = 0; i < _count; i++) larger[i] = _events[(_head + i) % _events.Length];
            _events = larger;
            _head = 0;
        }
    }

    // One lifecycle report, queued by a driver thread for the supervisor thread.
    public readonly struct DriverEvent
    {
        public DriverEvent(DriverEventKind kind, DriverIncarnation incarnation, string text, int requestId = 0, ulong deadlineNanoseconds = 0)
        {
            Kind = kind;
            Incarnation = incarnation;
            Text = text;
            RequestId = requestId;
            DeadlineNanoseconds = deadlineNanoseconds;
        }

        public DriverEventKind Kind { get; }
        public DriverIncarnation Incarnation { get; }
        // The reason, for CapabilitiesDenied.
        public string Text { get; }
        // For RequestStarted and RequestCompleted.
        public int RequestId { get; }
        public ulong DeadlineNanoseconds { get; }
    }

    // What a driver thread tells the supervisor thread about its incarnation.
    public enum DriverEventKind
    {
        Initializing,
        CapabilitiesGranted,
        CapabilitiesDenied,
        Probing,
        Running,
        // A client handed the incarnation a request that must complete by a deadline.
        RequestStarted,
        RequestCompleted,
    }
}
