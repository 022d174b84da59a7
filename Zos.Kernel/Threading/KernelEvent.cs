using Zos.Hal;

namespace Zos.Kernel.Threading
{
    // A thread waits for it; anyone, including an interrupt handler, sets it.
    // Auto-reset: one Set releases one waiter (or the next Wait). Manual-reset:
    // stays set, releasing every waiter, until Reset.
    public sealed class KernelEvent
    {
        private readonly ThreadQueue _waiters = new ThreadQueue();
        private readonly bool _autoReset;
        private bool _set;

        public KernelEvent(bool autoReset, bool initiallySet = false)
        {
            _autoReset = autoReset;
            _set = initiallySet;
        }

        public bool IsSet => _set;

        public void Set()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (_autoReset)
            {
                if (!Scheduler.WakeOne(_waiters)) _set = true;
            }
            else
            {
                _set = true;
                Scheduler.WakeAll(_waiters);
            }
            Cpu.RestoreInterrupts(flags);
        }

        public void Reset() => _set = false;

        // False if the timeout (-1: none) passed first.
        public bool Wait(int timeoutMilliseconds = -1)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            bool signalled = _set;
            if (signalled)
            {
                if (_autoReset) _set = false;
            }
            else if (timeoutMilliseconds != 0) signalled = Scheduler.Block(_waiters, timeoutMilliseconds);
            Cpu.RestoreInterrupts(flags);
            return signalled;
        }
    }
}
