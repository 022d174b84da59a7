using Monitor = System.Threading.Monitor;
using Zos.Kernel.Domains;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // A domain stopped while one of its threads holds a lock: the thread is not
    // killed inside the lock (what it guards would be left half-changed and
    // the lock held for good); it ends as it releases it, and the lock is free.
    // A thread that never lets go is forced after the grace, and its lock freed.
    public sealed class StopHoldingLockTest : KernelTest
    {
        public override string Name => "threads.stop_holding_lock";

        private sealed class Guarded
        {
            public readonly object Gate = new object();
            public volatile bool Inside;
            public volatile bool LetGo;
            public volatile int StepsAfterRelease;
            public int First, Second;

            // Changes two fields under the lock, which must always be equal outside it.
            public void UpdateSlowly()
            {
                lock (Gate)
                {
                    Inside = true;
                    First++;
                    while (!LetGo) Scheduler.Sleep(5);
                    Second++;
                }
                // Never reached: the thread ends as it leaves the lock.
                StepsAfterRelease++;
            }

            public void HoldForever()
            {
                lock (Gate)
                {
                    Inside = true;
                    while (true) Scheduler.Sleep(5);
                }
            }
        }

        public override string Run()
        {
            var guarded = new Guarded();
            var domain = new FaultDomain("lock-holder");
            KernelThread holder = domain.StartThread("lock-holder", guarded.UpdateSlowly, out string error);
            if (holder is null) return error;
            while (!guarded.Inside) Scheduler.Sleep(1);
            domain.Stop(new FaultRecord("test", "stopped while holding a lock", null, 0, "test", 0));
            bool aliveInside = holder.IsAlive && holder.KillPending;
            bool busy = !Monitor.TryEnter(guarded.Gate, 0);
            guarded.LetGo = true;
            bool ended = holder.Join(2000);
            bool free = Monitor.TryEnter(guarded.Gate, 1000);
            if (free) Monitor.Exit(guarded.Gate);

            var stuck = new Guarded();
            var stuckDomain = new FaultDomain("lock-keeper");
            KernelThread keeper = stuckDomain.StartThread("lock-keeper", stuck.HoldForever, out error);
            if (keeper is null) return error;
            while (!stuck.Inside) Scheduler.Sleep(1);
            stuckDomain.Stop(new FaultRecord("test", "stopped while holding a lock forever", null, 0, "test", 0));
            bool forced = keeper.Join(Scheduler.KillGraceMilliseconds + 1000) && stuckDomain.WaitForThreadsToEnd(0);
            bool freedByForce = Monitor.TryEnter(stuck.Gate, 1000);
            if (freedByForce) Monitor.Exit(stuck.Gate);

            return Expect(aliveInside, "the thread was killed inside its lock (or not marked)")
                ?? Expect(busy, "the lock was free while its holder was inside")
                ?? Expect(ended, "the holder did not end when it released the lock")
                ?? Expect(guarded.First == 1 && guarded.Second == 1, "the update under the lock was cut short: " + guarded.First.ToString() + "/" + guarded.Second.ToString())
                ?? Expect(guarded.StepsAfterRelease == 0, "the holder went on after releasing the lock")
                ?? Expect(free, "the lock stayed held after its holder ended")
                ?? Expect(forced, "a holder that never lets go was not forced after the grace")
                ?? Expect(freedByForce, "the forced holder's lock stayed held");
        }
    }
}
