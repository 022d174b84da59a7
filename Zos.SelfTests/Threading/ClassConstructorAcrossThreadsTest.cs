using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // A thread that needs a type whose static constructor another thread is
    // running waits for it to finish, and the constructor runs once.
    public sealed class ClassConstructorAcrossThreadsTest : KernelTest
    {
        public override string Name => "threads.class_constructor_wait";

        private static class SlowToInitialise
        {
            public static int Runs;
            public static readonly int Value;

            static SlowToInitialise()
            {
                Runs++;
                Scheduler.Sleep(50);
                Value = 42;
            }
        }

        private sealed class Reader
        {
            public int Seen = -1;

            public void Run() => Seen = SlowToInitialise.Value;
        }

        public override string Run()
        {
            var first = new Reader();
            var second = new Reader();
            KernelThread a = Scheduler.Start("cctor-a", first.Run, ThreadPriority.Normal, null, out string error);
            if (a is null) return error;
            Scheduler.Sleep(10);
            KernelThread b = Scheduler.Start("cctor-b", second.Run, ThreadPriority.Normal, null, out error);
            if (b is null) return error;
            bool joined = a.Join(2000) && b.Join(2000);
            return Expect(joined, "the readers did not finish")
                ?? Expect(first.Seen == 42, "the thread running the constructor read " + first.Seen.ToString())
                ?? Expect(second.Seen == 42, "the thread that came second read " + second.Seen.ToString() + " before the constructor finished")
                ?? Expect(SlowToInitialise.Runs == 1, "the constructor ran " + SlowToInitialise.Runs.ToString() + " times");
        }
    }
}
