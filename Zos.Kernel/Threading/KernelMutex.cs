using System;
using Zos.Hal;

namespace Zos.Kernel.Threading
{
    // Mutual exclusion between threads (not interrupt handlers, which cannot
    // block). Not recursive; waiters get it in FIFO order, handed over directly
    // by Unlock so a newcomer cannot overtake them. No priority inheritance.
    public sealed class KernelMutex
    {
        private readonly ThreadQueue _waiters = new ThreadQueue();
        private KernelThread _owner;

        public KernelThread Owner => _owner;

        public void Lock() => TryLock(-1);

        // False if the timeout (-1: none) passed first.
        public bool TryLock(int timeoutMilliseconds)
        {
            KernelThread self = Scheduler.Current;
            ulong flags = Cpu.DisableInterruptsSaving();
            if (_owner == self)
            {
                Cpu.RestoreInterrupts(flags);
                throw new InvalidOperationException("thread " + self.Name + " already holds this mutex");
            }
            bool acquired = _owner is null;
            if (acquired) _owner = self;
            else if (timeoutMilliseconds != 0) acquired = Scheduler.Block(_waiters, timeoutMilliseconds);
            Cpu.RestoreInterrupts(flags);
            return acquired;
        }

        public void Unlock()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (_owner != Scheduler.Current)
            {
                Cpu.RestoreInterrupts(flags);
                throw new InvalidOperationException("mutex released by a thread that does not hold it");
            }
            KernelThread next = _waiters.Peek();
            _owner = next;
            if (next is not null) Scheduler.WakeOne(_waiters);
            Cpu.RestoreInterrupts(flags);
        }
    }
}
