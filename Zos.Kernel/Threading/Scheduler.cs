using System;
using System.Runtime.InteropServices;
using Zos.Hal;
using Zos.Hal.Interrupts;
using Zos.Hal.Memory;
using Zos.Hal.Native;
using Zos.Hal.Timing;
using Zos.Kernel.Domains;

namespace Zos.Kernel.Threading
{
    // Preemptive scheduling on one CPU: strict priorities, round-robin within a
    // priority in slices of SliceTicks timer ticks, an idle thread when nothing
    // is ready. All scheduler state is changed with interrupts disabled, which on
    // one CPU is the whole of the locking. Thread switches happen in three
    // places only: a thread blocking, sleeping, yielding or ending; the end of
    // an interrupt that asked for one (a tick ending a slice, a handler waking a
    // more important thread); and a fault domain stopping the running thread.
    // A wakeup from thread context takes effect at the next tick at the latest.
    public static unsafe class Scheduler
    {
        public const uint TickHz = 1000;
        public const int SliceTicks = 10;

        private static readonly ThreadQueue[] s_ready = [new ThreadQueue(), new ThreadQueue(), new ThreadQueue()];
        private static readonly ThreadQueue s_dead = new ThreadQueue();
        private static readonly GrowableArray<KernelThread> s_threads = new GrowableArray<KernelThread>();
        private static readonly GrowableArray<KernelThread> s_sleepers = new GrowableArray<KernelThread>();
        private static KernelThread s_current;
        private static KernelThread s_idle;
        private static int s_nextId;
        private static int s_sliceLeft;
        private static bool s_rescheduleWanted;
        private static ulong s_sliceStartTicks;
        private static ulong s_switches;

        public static KernelThread Current => s_current;
        public static bool IsRunning => s_current is not null;
        public static ulong ContextSwitches => s_switches;

        // The boot thread becomes thread 0 ("kernel"); an idle thread is created
        // and the tick starts. Call once, with the local APIC enabled.
        public static void Start(FrameAllocator frames)
        {
            ThreadStack.Initialize(frames);
            Cpu.DisableInterrupts();
            s_current = Register("kernel", null, ThreadPriority.Normal, null, null);
            s_current.State = ThreadState.Running;
            RuntimeThreadState.SetCurrentThreadId(s_current.Id + 1);
            s_idle = Create("idle", IdleLoop, ThreadPriority.Low, null, 16 * 1024, out string error);
            if (s_idle is null) throw new InvalidOperationException("cannot create the idle thread: " + error);
            s_sliceStartTicks = Cpu.ReadTimestampCounter();
            s_sliceLeft = SliceTicks;
            InterruptTable.SetExitHook(&OnInterruptExit);
            TickTimer.Start(TickHz, &OnTick);
            Cpu.EnableInterrupts();
        }

        // Creates and starts a thread; null (with the reason) if it cannot.
        public static KernelThread Start(string name, Action entry, ThreadPriority priority, FaultDomain domain, out string error,
            ulong stackBytes = KernelThread.DefaultStackBytes)
        {
            KernelThread thread = Create(name, entry, priority, domain, stackBytes, out error);
            if (thread is null) return null;
            ulong flags = Cpu.DisableInterruptsSaving();
            MakeReady(thread);
            Cpu.RestoreInterrupts(flags);
            return thread;
        }

        // For the collector's stack scan, which must not allocate: interrupts disabled.
        internal static int ThreadCount => s_threads.Count;
        internal static KernelThread ThreadAt(int index) => s_threads[index];

        // A copy, for listing.
        public static KernelThread[] Threads()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            KernelThread[] copy = s_threads.ToArray();
            Cpu.RestoreInterrupts(flags);
            return copy;
        }

        public static void Yield()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            s_current.LastProgressNanoseconds = TimestampClock.NanosecondsSinceBoot;
            Preempt();
            Cpu.RestoreInterrupts(flags);
        }

        public static void Sleep(int milliseconds)
        {
            if (milliseconds <= 0)
            {
                Yield();
                return;
            }
            ulong flags = Cpu.DisableInterruptsSaving();
            KernelThread self = s_current;
            self.State = ThreadState.Sleeping;
            AddSleeper(self, milliseconds);
            SwitchAway();
            Cpu.RestoreInterrupts(flags);
        }

        // Ends the calling thread.
        public static void Exit()
        {
            Cpu.DisableInterrupts();
            ExitCurrent();
        }

        // Blocks the current thread on queue until woken or until the timeout
        // (-1: none) passes; false if it timed out. The caller has interrupts
        // disabled and has just checked the condition it waits for.
        internal static bool Block(ThreadQueue queue, int timeoutMilliseconds)
        {
            KernelThread self = s_current;
            self.State = ThreadState.Blocked;
            self.TimedOut = false;
            queue.Enqueue(self);
            if (timeoutMilliseconds >= 0) AddSleeper(self, timeoutMilliseconds);
            SwitchAway();
            return !self.TimedOut;
        }

        // Wakes the first thread waiting on queue; false if none was. Safe in interrupt handlers.
        internal static bool WakeOne(ThreadQueue queue)
        {
            KernelThread thread = queue.Dequeue();
            if (thread is null) return false;
            RemoveSleeper(thread);
            MakeReady(thread);
            return true;
        }

        internal static void WakeAll(ThreadQueue queue)
        {
            while (WakeOne(queue)) { }
        }

        internal static bool WaitForExit(KernelThread thread, int timeoutMilliseconds)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            bool ended = thread.State == ThreadState.Dead || Block(thread.Joiners, timeoutMilliseconds);
            Cpu.RestoreInterrupts(flags);
            return ended;
        }

        // Ends another thread wherever it is (ready, blocked or sleeping), or the
        // current one (then this does not return). Interrupts disabled.
        // Ends a thread. One that holds monitors (C# `lock`) is not killed where
        // it stands, which would leave what they guard half-changed and them held
        // for good: it is marked and ends as it releases the last one
        // (zos_thread_monitor_released). force: it cannot go on (a fault), or it had
        // its grace (KillGraceMilliseconds): its monitors are freed, with a warning.
        // Interrupts disabled.
        internal static void Kill(KernelThread thread, bool force = false)
        {
            if (thread.State == ThreadState.Dead) return;
            int held = RuntimeThreadState.MonitorsHeldBy(thread.Id + 1);
            if (held > 0 && !force)
            {
                if (!thread.KillPending) thread.KillRequestedNanoseconds = TimestampClock.NanosecondsSinceBoot;
                thread.KillPending = true;
                s_killsPending = true;
                return;
            }
            if (held > 0)
            {
                RuntimeThreadState.ReleaseMonitors(thread.Id + 1);
                // Possibly from an interrupt: no allocation.
                KernelConsole.Write("warning: thread ");
                KernelConsole.Write(thread.Name);
                KernelConsole.WriteLine(" was killed holding locks; what they guard may be inconsistent");
            }
            if (thread == s_current)
            {
                ExitCurrent();
                return;
            }
            thread.Queue?.Remove(thread);
            RemoveSleeper(thread);
            MarkDead(thread);
        }

        // How long a thread marked for killing may keep its monitors before it is forced.
        public const int KillGraceMilliseconds = 1000;
        private static bool s_killsPending;

        [UnmanagedCallersOnly(EntryPoint = "zos_thread_monitor_released")]
        private static void OnMonitorReleased()
        {
            KernelThread current = s_current;
            if (current is null || !current.KillPending || RuntimeThreadState.MonitorsHeldBy(current.Id + 1) > 0) return;
            Cpu.DisableInterrupts();
            ExitCurrent();
        }

        // From the tick: threads marked for killing that kept their monitors past the grace.
        internal static void ForceOverdueKills(ulong now)
        {
            if (!s_killsPending) return;
            s_killsPending = false;
            ulong grace = (ulong)KillGraceMilliseconds * 1_000_000UL;
            bool currentOverdue = false;
            for (int i = s_threads.Count - 1; i >= 0; i--)
            {
                KernelThread thread = s_threads[i];
                if (!thread.KillPending || thread.State == ThreadState.Dead) continue;
                if (now - thread.KillRequestedNanoseconds <= grace) s_killsPending = true;
                else if (thread == s_current) currentOverdue = true;
                else Kill(thread, force: true);
            }
            // Last: it does not return.
            if (currentOverdue) Kill(s_current, force: true);
        }

        internal static void ExitCurrent()
        {
            MarkDead(s_current);
            SwitchAway();
        }

        private static KernelThread Create(string name, Action entry, ThreadPriority priority, FaultDomain domain, ulong stackBytes, out string error)
        {
            ThreadStack stack = ThreadStack.Allocate(stackBytes, out error);
            if (stack is null) return null;
            ulong flags = Cpu.DisableInterruptsSaving();
            KernelThread thread = Register(name, entry, priority, domain, stack);
            thread.SavedStackPointer = Cpu.PrepareContext(stack.Top);
            Cpu.RestoreInterrupts(flags);
            return thread;
        }

        private static KernelThread Register(string name, Action entry, ThreadPriority priority, FaultDomain domain, ThreadStack stack)
        {
            var thread = new KernelThread(s_nextId++, name, entry, priority, domain, stack);
            thread.State = ThreadState.Ready;
            thread.LastProgressNanoseconds = TimestampClock.NanosecondsSinceBoot;
            s_threads.Add(thread);
            domain?.Adopt(thread);
            return thread;
        }

        [UnmanagedCallersOnly(EntryPoint = "zos_thread_main")]
        private static void ThreadMain()
        {
            FinishSwitch();
            Cpu.EnableInterrupts();
            s_current.Entry();
            Exit();
        }

        private static void IdleLoop()
        {
            while (true) Cpu.WaitForInterrupt();
        }

        private static void MakeReady(KernelThread thread)
        {
            thread.State = ThreadState.Ready;
            if (thread != s_idle) s_ready[(int)thread.Priority].Enqueue(thread);
            if (s_current == s_idle || thread.Priority > s_current.Priority) s_rescheduleWanted = true;
        }

        private static void MarkDead(KernelThread thread)
        {
            thread.State = ThreadState.Dead;
            WakeAll(thread.Joiners);
            thread.Domain?.OnThreadEnded(thread);
            s_dead.Enqueue(thread);
        }

        // The current thread gives up the CPU but stays ready.
        private static void Preempt()
        {
            if (s_current != s_idle) MakeReady(s_current);
            s_rescheduleWanted = false;
            SwitchAway();
        }

        // The current thread has already been put where it belongs (a queue, the
        // sleepers, dead); run the most important ready thread.
        private static void SwitchAway()
        {
            KernelThread next = PickNext();
            KernelThread previous = s_current;
            ulong now = Cpu.ReadTimestampCounter();
            previous.CpuTicks += now - s_sliceStartTicks;
            s_sliceStartTicks = now;
            s_sliceLeft = SliceTicks;
            if (next == previous)
            {
                next.State = ThreadState.Running;
                return;
            }
            if (previous.State != ThreadState.Ready) previous.LastProgressNanoseconds = TimestampClock.NanosecondsSinceBoot;
            next.State = ThreadState.Running;
            next.ContextSwitches++;
            s_current = next;
            s_switches++;
            previous.ExceptionChain = RuntimeThreadState.ExchangeExceptionChain(next.ExceptionChain);
            RuntimeThreadState.SetCurrentThreadId(next.Id + 1);
            RuntimeThreadState.SetMemoryAccount(next.Domain?.MemoryAccount ?? 0);
            previous.ThreadStatics = RuntimeThreadState.ExchangeThreadStatics(next.ThreadStatics);
            next.ThreadStatics = null;
            fixed (ulong* save = &previous.SavedStackPointer) Cpu.SwitchContext(save, next.SavedStackPointer);
            FinishSwitch();
        }

        private static KernelThread PickNext()
        {
            for (int priority = s_ready.Length - 1; priority >= 0; priority--)
            {
                KernelThread thread = s_ready[priority].Dequeue();
                if (thread is not null) return thread;
            }
            return s_idle;
        }

        // Runs on the thread just switched to: stacks (and thread statics) of ended
        // threads can go now that nothing runs on them.
        private static void FinishSwitch()
        {
            KernelThread dead;
            while ((dead = s_dead.Dequeue()) is not null)
            {
                dead.Stack?.Free();
                dead.ThreadStatics = null;
                Unregister(dead);
            }
        }

        private static void Unregister(KernelThread thread) => Remove(s_threads, thread);

        private static void AddSleeper(KernelThread thread, int milliseconds)
        {
            thread.WakeAtNanoseconds = TimestampClock.NanosecondsSinceBoot + (ulong)milliseconds * 1_000_000UL;
            s_sleepers.Add(thread);
        }

        private static void RemoveSleeper(KernelThread thread) => Remove(s_sleepers, thread);

        private static void Remove(GrowableArray<KernelThread> threads, KernelThread thread)
        {
            for (int i = 0; i < threads.Count; i++)
            {
                if (threads[i] != thread) continue;
                threads.RemoveAt(i);
                return;
            }
        }

        private static void WakeSleepers(ulong now)
        {
            for (int i = 0; i < s_sleepers.Count; i++)
            {
                KernelThread thread = s_sleepers[i];
                if (thread.WakeAtNanoseconds > now) continue;
                s_sleepers.RemoveAt(i--);
                if (thread.State == ThreadState.Blocked)
                {
                    thread.Queue?.Remove(thread);
                    thread.TimedOut = true;
                }
                MakeReady(thread);
            }
        }

        // Timer interrupt, already acknowledged.
        private static void OnTick()
        {
            ulong now = TimestampClock.NanosecondsSinceBoot;
            if (s_sleepers.Count > 0) WakeSleepers(now);
            KernelTimer.RunDue(now);
            if (--s_sliceLeft <= 0 && !s_ready[(int)s_current.Priority].IsEmpty) s_rescheduleWanted = true;
            // Last: they may end the running thread, and then do not return.
            ForceOverdueKills(now);
            FaultDomain.CheckWatchdogs(now);
        }

        private static void OnInterruptExit()
        {
            if (s_rescheduleWanted && s_current is not null) Preempt();
        }
    }
}
