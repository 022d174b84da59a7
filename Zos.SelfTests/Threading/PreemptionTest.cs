using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // Two threads that never yield both make progress: only the timer can be switching them.
    public sealed class PreemptionTest : KernelTest
    {
        public override string Name => "threads.preemption";

        private sealed class Spinner
        {
            public volatile bool Stop;
            public volatile int Count;

            public void Run()
            {
                while (!Stop) Count++;
            }
        }

        public override string Run()
        {
            var first = new Spinner();
            var second = new Spinner();
            KernelThread a = Scheduler.Start("spin-a", first.Run, ThreadPriority.Normal, null, out string error);
            if (a is null) return error;
            KernelThread b = Scheduler.Start("spin-b", second.Run, ThreadPriority.Normal, null, out error);
            if (b is null) return error;
            Scheduler.Sleep(50);
            int firstBefore = first.Count, secondBefore = second.Count;
            Scheduler.Sleep(100);
            int firstAfter = first.Count, secondAfter = second.Count;
            first.Stop = true;
            second.Stop = true;
            bool joined = a.Join(2000) && b.Join(2000);
            return Expect(firstAfter > firstBefore, "spin-a made no progress in 100 ms")
                ?? Expect(secondAfter > secondBefore, "spin-b made no progress in 100 ms")
                ?? Expect(joined, "the spinners did not end when told to")
                ?? Expect(a.ContextSwitches > 1 && b.ContextSwitches > 1, "the spinners ran only once each");
        }
    }
}
