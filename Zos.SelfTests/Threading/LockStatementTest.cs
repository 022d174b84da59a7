using System;
using Monitor = System.Threading.Monitor;
using SynchronizationLockException = System.Threading.SynchronizationLockException;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // C#'s `lock`: threads that yield inside it still never interleave; it is
    // recursive; an exception leaving it releases it; Exit without Enter throws.
    public sealed class LockStatementTest : KernelTest
    {
        private const int Workers = 3, Iterations = 100;

        public override string Name => "threads.lock_statement";

        private sealed class Counter
        {
            public readonly object Gate = new object();
            public int Value;

            public void Run()
            {
                for (int i = 0; i < Iterations; i++)
                {
                    lock (Gate)
                    {
                        int seen = Value;
                        Scheduler.Yield();
                        lock (Gate) Value = seen + 1;
                    }
                }
            }

            public void HoldBriefly()
            {
                lock (Gate) Scheduler.Sleep(50);
            }
        }

        public override string Run()
        {
            var counter = new Counter();
            var threads = new KernelThread[Workers];
            for (int i = 0; i < Workers; i++)
            {
                threads[i] = Scheduler.Start("lock-" + i.ToString(), counter.Run, ThreadPriority.Normal, null, out string error);
                if (threads[i] is null) return error;
            }
            bool joined = true;
            for (int i = 0; i < Workers; i++) joined &= threads[i].Join(5000);

            bool releasedByException = false;
            try
            {
                lock (counter.Gate) throw new InvalidOperationException("leave the lock");
            }
            catch (InvalidOperationException)
            {
                releasedByException = !Monitor.IsEntered(counter.Gate);
            }

            KernelThread holder = Scheduler.Start("lock-holder", counter.HoldBriefly, ThreadPriority.Normal, null, out string holderError);
            if (holder is null) return holderError;
            Scheduler.Sleep(10);
            bool busyRefused = !Monitor.TryEnter(counter.Gate, 0);
            bool waitedForIt = Monitor.TryEnter(counter.Gate, 2000);
            if (waitedForIt) Monitor.Exit(counter.Gate);
            holder.Join(2000);

            bool exitWithoutEnterThrows = false;
            try { Monitor.Exit(counter.Gate); }
            catch (SynchronizationLockException) { exitWithoutEnterThrows = true; }

            return Expect(joined, "the workers did not finish")
                ?? Expect(counter.Value == Workers * Iterations, "counter is " + counter.Value.ToString() + ", expected " + (Workers * Iterations).ToString())
                ?? Expect(releasedByException, "an exception leaving the lock block did not release it")
                ?? Expect(busyRefused, "TryEnter(0) took a lock another thread held")
                ?? Expect(waitedForIt, "TryEnter(2000) did not get the lock once its holder let go")
                ?? Expect(exitWithoutEnterThrows, "Monitor.Exit without Enter did not throw SynchronizationLockException");
        }
    }
}
