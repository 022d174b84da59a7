using Zos.Hal;

namespace Zos.Kernel.Threading
{
    // A counting semaphore. Release is safe in interrupt handlers.
    public sealed class KernelSemaphore
    {
        private readonly ThreadQueue _waiters = new ThreadQueue();
        private int _count;

        public KernelSemaphore(int initialCount) => _count = initialCount;

        public int Count => _count;

        // False if the timeout (-1: none) passed first.
        public bool Wait(int timeoutMilliseconds = -1)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            bool acquired = _count > 0;
            if (acquired) _count--;
            // A releaser hands its unit directly to the thread it wakes.
            else if (timeoutMilliseconds != 0) acquired = Scheduler.Block(_waiters, timeoutMilliseconds);
            Cpu.RestoreInterrupts(flags);
            return acquired;
        }

        public void Release()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (!Scheduler.WakeOne(_waiters)) _count++;
            Cpu.RestoreInterrupts(flags);
        }
    }
}
