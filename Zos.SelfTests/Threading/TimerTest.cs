using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    public sealed class TimerTest : KernelTest
    {
        public override string Name => "threads.timers";

        private sealed class Counter
        {
            public readonly KernelEvent Fired = new KernelEvent(autoReset: true);
            public int Count;

            public void Tick()
            {
                Count++;
                Fired.Set();
            }
        }

        public override string Run()
        {
            var once = new Counter();
            var oneShot = new KernelTimer(once.Tick);
            oneShot.Start(20);
            bool fired = once.Fired.Wait(2000);
            Scheduler.Sleep(50);

            var repeated = new Counter();
            var periodic = new KernelTimer(repeated.Tick);
            periodic.Start(5, 5);
            Scheduler.Sleep(100);
            periodic.Stop();
            int afterStop = repeated.Count;
            Scheduler.Sleep(30);
            return Expect(fired && once.Count == 1 && !oneShot.IsArmed, "the one-shot timer fired " + once.Count.ToString() + " times")
                ?? Expect(afterStop >= 5, "the 5 ms periodic timer fired " + afterStop.ToString() + " times in 100 ms")
                ?? Expect(repeated.Count == afterStop, "the periodic timer fired after Stop");
        }
    }
}
