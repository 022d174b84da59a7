using System;
using Zos.Hal;
using Zos.Hal.Memory;
using Zos.Hal.Timing;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Domains
{
    // A group of threads the kernel stops as a unit. A fault in any of its
    // threads (CPU exception, unhandled exception, stack overflow) or a thread
    // that neither yields nor reports progress within the watchdog period stops
    // the whole domain: its threads end wherever they are, the fault is kept in
    // Fault, and Ended is set so that the domain's owner (which waits on it)
    // learns of it. Nothing outside the domain is affected. A domain with a
    // memory quota has its own heap account: its threads' objects are charged
    // to it, and an allocation past the quota is a fault like the others.
    // A thread holding C# locks ends only at its last release (Scheduler.Kill).
    // Known limit: a KernelMutex held by a thread of a stopped domain stays held.
    public sealed class FaultDomain
    {
        private const int EndedDomainsKept = 16;

        private static readonly GrowableArray<FaultDomain> s_domains = new GrowableArray<FaultDomain>();
        private static int s_nextId;

        // The live threads.
        private readonly GrowableArray<KernelThread> _threads = new GrowableArray<KernelThread>();

        // watchdogMilliseconds: 0 for no watchdog. memoryQuotaBytes: 0 for none
        // (objects are then the kernel's); also none when every heap account is taken.
        public FaultDomain(string name, int watchdogMilliseconds = 0, ulong memoryQuotaBytes = 0)
        {
            Name = name;
            WatchdogMilliseconds = watchdogMilliseconds;
            if (memoryQuotaBytes != 0) MemoryAccount = RuntimeHeap.OpenAccount(memoryQuotaBytes);
            MemoryQuotaBytes = MemoryAccount == 0 ? 0 : memoryQuotaBytes;
            ulong flags = Cpu.DisableInterruptsSaving();
            Id = s_nextId++;
            s_domains.Add(this);
            Cpu.RestoreInterrupts(flags);
        }

        public int Id { get; }
        public string Name { get; }
        public int WatchdogMilliseconds { get; }
        // Its heap account, 0 when it has no quota.
        public int MemoryAccount { get; }
        public ulong MemoryQuotaBytes { get; }
        // Bytes of its objects not yet collected (after it ended: those still alive until the next collection).
        public ulong MemoryBytes => MemoryAccount == 0 ? 0 : RuntimeHeap.AccountBytes(MemoryAccount);
        public DomainState State { get; private set; }
        public FaultRecord Fault { get; private set; }
        public int LiveThreads => _threads.Count;
        // Set once the domain has ended, whichever way.
        public KernelEvent Ended { get; } = new KernelEvent(autoReset: false);
        // Also set when the domain ends, for an owner that watches several
        // domains with one event (the driver supervisor).
        public KernelEvent EndedNotification { get; set; }

        public KernelThread StartThread(string name, Action entry, out string error, ThreadPriority priority = ThreadPriority.Normal,
            ulong stackBytes = KernelThread.DefaultStackBytes)
        {
            if (State != DomainState.Running)
            {
                error = "domain " + Name + " has ended";
                return null;
            }
            return Scheduler.Start(name, entry, priority, this, out error, stackBytes);
        }

        // Called by a domain thread that is busy but alive, to keep the watchdog away.
        public static void ReportProgress() =>
            Scheduler.Current.LastProgressNanoseconds = TimestampClock.NanosecondsSinceBoot;

        // Stops every thread of the domain. If the caller is one of them, does not
        // return, unless it holds locks (then it ends as it releases the last one,
        // see Scheduler.Kill); callerCannotContinue (a fault) ends it at once regardless.
        public void Stop(FaultRecord reason, bool callerCannotContinue = false)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (State == DomainState.Running)
            {
                Fault = reason;
                State = DomainState.Stopped;
                KernelThread current = Scheduler.Current;
                // Downwards: killing a thread removes it from the list, moving only those already done.
                for (int i = _threads.Count - 1; i >= 0; i--)
                    if (_threads[i] != current) Scheduler.Kill(_threads[i]);
                End();
                if (current.Domain == this) Scheduler.Kill(current, force: callerCannotContinue);
            }
            Cpu.RestoreInterrupts(flags);
        }

        // After Stop, a thread that held locks ends only as it releases the last
        // one (or when its grace runs out): waits for every thread to be gone.
        // False if some are still live after the timeout.
        public bool WaitForThreadsToEnd(int timeoutMilliseconds)
        {
            ulong deadline = TimestampClock.NanosecondsSinceBoot + (ulong)timeoutMilliseconds * 1_000_000UL;
            while (true)
            {
                ulong flags = Cpu.DisableInterruptsSaving();
                KernelThread live = _threads.Count > 0 ? _threads[0] : null;
                Cpu.RestoreInterrupts(flags);
                if (live is null) return true;
                ulong now = TimestampClock.NanosecondsSinceBoot;
                if (now >= deadline || !live.Join((int)((deadline - now) / 1_000_000UL) + 1)) return LiveThreads == 0;
            }
        }

        public static FaultDomain[] All()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            FaultDomain[] copy = s_domains.ToArray();
            Cpu.RestoreInterrupts(flags);
            return copy;
        }

        internal void Adopt(KernelThread thread) => _threads.Add(thread);

        // From the scheduler, interrupts disabled.
        internal void OnThreadEnded(KernelThread thread)
        {
            for (int i = 0; i < _threads.Count; i++)
            {
                if (_threads[i] != thread) continue;
                _threads.RemoveAt(i);
                break;
            }
            if (_threads.Count == 0 && State == DomainState.Running)
            {
                State = DomainState.Exited;
                End();
            }
        }

        // From the timer tick, interrupts disabled. May end the running thread.
        internal static void CheckWatchdogs(ulong now)
        {
            for (int i = 0; i < s_domains.Count; i++)
            {
                FaultDomain domain = s_domains[i];
                if (domain.WatchdogMilliseconds == 0 || domain.State != DomainState.Running) continue;
                ulong limit = (ulong)domain.WatchdogMilliseconds * 1_000_000UL;
                for (int t = 0; t < domain._threads.Count; t++)
                {
                    KernelThread thread = domain._threads[t];
                    bool onCpu = thread.State == ThreadState.Running || thread.State == ThreadState.Ready;
                    if (!onCpu || now - thread.LastProgressNanoseconds <= limit) continue;
                    string message = "thread " + thread.Name + " ran " + ((now - thread.LastProgressNanoseconds) / 1_000_000UL).ToString()
                        + " ms without yielding (watchdog " + domain.WatchdogMilliseconds.ToString() + " ms)";
                    domain.Stop(new FaultRecord("watchdog", message, null, 0, thread.Name, now));
                    break;
                }
            }
        }

        private void End()
        {
            RuntimeHeap.CloseAccount(MemoryAccount);
            Ended.Set();
            EndedNotification?.Set();
            ForgetOldEndedDomains();
        }

        // Ended domains stay listed (with their faults) until EndedDomainsKept newer ones ended.
        private static void ForgetOldEndedDomains()
        {
            int ended = 0;
            for (int i = s_domains.Count - 1; i >= 0; i--)
                if (s_domains[i].State != DomainState.Running && ++ended > EndedDomainsKept) s_domains.RemoveAt(i);
        }
    }
}
