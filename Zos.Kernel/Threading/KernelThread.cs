using System;
using Zos.Kernel.Domains;

namespace Zos.Kernel.Threading
{
    // A kernel thread: its own guarded stack, a priority, and (optionally) the
    // fault domain it belongs to. Created with Scheduler.Start; ended by
    // returning from its entry, by Scheduler.Exit, or by its domain stopping.
    public sealed unsafe class KernelThread
    {
        public const ulong DefaultStackBytes = 64 * 1024;

        internal KernelThread(int id, string name, Action entry, ThreadPriority priority, FaultDomain domain, ThreadStack stack)
        {
            Id = id;
            Name = name;
            Entry = entry;
            Priority = priority;
            Domain = domain;
            Stack = stack;
        }

        public int Id { get; }
        public string Name { get; }
        public ThreadPriority Priority { get; }
        public FaultDomain Domain { get; }
        public ThreadState State { get; internal set; }
        // TSC ticks this thread has spent on the CPU.
        public ulong CpuTicks { get; internal set; }
        // When the thread last gave up the CPU of its own accord (or reported progress), in ns since boot.
        public ulong LastProgressNanoseconds { get; internal set; }
        public ulong ContextSwitches { get; internal set; }
        // Killed while holding monitors: it ends when it releases the last one
        // (Scheduler.Kill), or is forced once it has had KillGraceMilliseconds.
        public bool KillPending { get; internal set; }
        public ulong KillRequestedNanoseconds { get; internal set; }

        internal Action Entry { get; }
        // Null for the boot thread, which keeps the stack boot.asm gave it.
        internal ThreadStack Stack { get; }
        internal ulong SavedStackPointer;
        // The runtime's exception chain while this thread is not running.
        internal void* ExceptionChain;
        // The runtime's [ThreadStatic] storage while this thread is not running; held
        // here so the collector sees it, dropped when the thread has ended.
        internal object ThreadStatics;
        internal KernelThread QueueNext;
        internal ThreadQueue Queue;
        internal ulong WakeAtNanoseconds;
        internal bool TimedOut;
        internal readonly ThreadQueue Joiners = new ThreadQueue();

        public bool IsAlive => State != ThreadState.Dead;

        // Waits until the thread has ended; false if the timeout passed first (-1: no timeout).
        public bool Join(int timeoutMilliseconds = -1) => Scheduler.WaitForExit(this, timeoutMilliseconds);
    }
}
