using Zos.Hal;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // Driver threads post, the supervisor thread takes: the supervisor is not
    // thread-safe, so no driver thread ever calls it. Interrupts are off while
    // the queue changes (one CPU), which also means a driver thread cannot be
    // stopped half-way through a post. Posting wakes the supervisor.
    public sealed class DriverEventQueue
    {
        private readonly KernelEvent _wake;
        private DriverEvent[] _events = new DriverEvent[16];
        private int _head;
        private int _count;

        public DriverEventQueue(KernelEvent wake) => _wake = wake;

        public void Post(in DriverEvent driverEvent)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (_count == _events.Length) Grow();
            _events[(_head + _count) % _events.Length] = driverEvent;
            _count++;
            Cpu.RestoreInterrupts(flags);
            _wake.Set();
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
    public readonly struct DriverEvent(DriverEventKind kind, DriverIncarnation incarnation, string text)
    {
        public DriverEventKind Kind { get; } = kind;
        public DriverIncarnation Incarnation { get; } = incarnation;
        // The reason, for CapabilitiesDenied.
        public string Text { get; } = text;
    }

    // What a driver thread tells the supervisor thread about its incarnation.
    public enum DriverEventKind
    {
        Initializing,
        CapabilitiesGranted,
        CapabilitiesDenied,
        Probing,
        Running,
    }
}
