using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    public sealed class SemaphoreEventTest : KernelTest
    {
        private const int Items = 50;

        public override string Name => "threads.semaphore_event";

        private sealed class Pipeline
        {
            public readonly KernelSemaphore Available = new KernelSemaphore(0);
            public readonly KernelEvent Go = new KernelEvent(autoReset: false);
            public int Produced, Consumed, Released;

            public void Produce()
            {
                for (int i = 0; i < Items; i++)
                {
                    Produced++;
                    Available.Release();
                    if (i % 7 == 0) Scheduler.Yield();
                }
            }

            public void Consume()
            {
                for (int i = 0; i < Items; i++)
                {
                    if (!Available.Wait(2000)) return;
                    Consumed++;
                }
            }

            public void AwaitGo()
            {
                if (Go.Wait(2000)) Released++;
            }
        }

        public override string Run()
        {
            var p = new Pipeline();
            KernelThread consumer = Scheduler.Start("consumer", p.Consume, ThreadPriority.Normal, null, out string error);
            KernelThread producer = consumer is null ? null : Scheduler.Start("producer", p.Produce, ThreadPriority.Normal, null, out error);
            if (producer is null) return error;
            bool pipelineDone = consumer.Join(5000) && producer.Join(5000);

            KernelThread waiter1 = Scheduler.Start("await-1", p.AwaitGo, ThreadPriority.Normal, null, out error);
            KernelThread waiter2 = waiter1 is null ? null : Scheduler.Start("await-2", p.AwaitGo, ThreadPriority.Normal, null, out error);
            if (waiter2 is null) return error;
            Scheduler.Sleep(20);
            int releasedBeforeSet = p.Released;
            p.Go.Set();
            bool waitersDone = waiter1.Join(2000) && waiter2.Join(2000);
            bool timedOut = !new KernelSemaphore(0).Wait(20);
            return Expect(pipelineDone, "producer/consumer did not finish")
                ?? Expect(p.Consumed == Items && p.Available.Count == 0, "consumed " + p.Consumed.ToString() + " of " + Items.ToString())
                ?? Expect(releasedBeforeSet == 0, "a waiter passed the event before it was set")
                ?? Expect(waitersDone && p.Released == 2, "the manual-reset event released " + p.Released.ToString() + " of 2 waiters")
                ?? Expect(timedOut, "waiting on an empty semaphore did not time out");
        }
    }
}
