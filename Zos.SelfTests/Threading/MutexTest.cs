using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // Read-yield-write increments lose updates unless the mutex serialises them.
    public sealed class MutexTest : KernelTest
    {
        private const int Workers = 3, Iterations = 100;

        public override string Name => "threads.mutex";

        private sealed class Counter
        {
            public readonly KernelMutex Mutex = new KernelMutex();
            public int Value;

            public void Run()
            {
                for (int i = 0; i < Iterations; i++)
                {
                    Mutex.Lock();
                    int seen = Value;
                    Scheduler.Yield();
                    Value = seen + 1;
                    Mutex.Unlock();
                }
            }
        }

        public override string Run()
        {
            var counter = new Counter();
            var threads = new KernelThread[Workers];
            for (int i = 0; i < Workers; i++)
            {
                threads[i] = Scheduler.Start("mutex-" + i.ToString(), counter.Run, ThreadPriority.Normal, null, out string error);
                if (threads[i] is null) return error;
            }
            bool joined = true;
            for (int i = 0; i < Workers; i++) joined &= threads[i].Join(5000);
            return Expect(joined, "the workers did not finish")
                ?? Expect(counter.Value == Workers * Iterations, "counter is " + counter.Value.ToString() + ", expected " + (Workers * Iterations).ToString())
                ?? Expect(counter.Mutex.Owner is null, "the mutex is still held");
        }
    }
}
