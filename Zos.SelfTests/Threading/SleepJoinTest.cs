using Zos.Hal.Timing;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    public sealed class SleepJoinTest : KernelTest
    {
        public override string Name => "threads.sleep_join";

        private sealed class Sleeper
        {
            public volatile bool Done;

            public void Run()
            {
                Scheduler.Sleep(60);
                Done = true;
            }
        }

        public override string Run()
        {
            var sleeper = new Sleeper();
            ulong start = TimestampClock.NanosecondsSinceBoot;
            KernelThread thread = Scheduler.Start("sleeper", sleeper.Run, ThreadPriority.Normal, null, out string error);
            if (thread is null) return error;
            bool earlyJoin = thread.Join(10);
            bool stateWhileSleeping = thread.State == ThreadState.Sleeping;
            bool joined = thread.Join(2000);
            ulong elapsedMs = (TimestampClock.NanosecondsSinceBoot - start) / 1_000_000;
            return Expect(!earlyJoin, "join with a 10 ms timeout returned true while the thread slept 60 ms")
                ?? Expect(stateWhileSleeping, "the thread was not sleeping during its sleep")
                ?? Expect(joined && sleeper.Done, "join did not wait for the thread to finish")
                ?? Expect(elapsedMs >= 60, "the 60 ms sleep ended after " + elapsedMs.ToString() + " ms")
                ?? Expect(!thread.IsAlive, "the thread is still alive after join");
        }
    }
}
