using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // [ThreadStatic] fields are per thread: workers each keep their own object,
    // string and struct in the same fields across yields, sleeps and a collection
    // made while they are all switched out; the test thread's own values stay
    // untouched; a thread started afterwards sees only defaults; and once a thread
    // has ended its thread statics are garbage.
    public sealed class ThreadStaticsTest : KernelTest
    {
        private const int Workers = 4;
        private const int Rounds = 12;

        public override string Name => "threads.thread_statics";

        private sealed class Tag
        {
            public int Owner;
            public string Text;
            public long[] Numbers;
        }

        private struct Counters
        {
            public long Sum;
            public int Steps;
        }

        [ThreadStatic] private static Tag t_tag;
        [ThreadStatic] private static string t_name;
        [ThreadStatic] private static int t_round;
        [ThreadStatic] private static Counters t_counters;

        private sealed class Worker
        {
            public readonly int Index;
            public readonly KernelSemaphore Parked;
            public readonly KernelEvent Collected;
            public GCHandle WeakTag;
            public string Failure;

            public Worker(int index, KernelSemaphore parked, KernelEvent collected)
            {
                Index = index;
                Parked = parked;
                Collected = collected;
            }

            public void Run() => Failure = Work();

            private string Work()
            {
                string start = DescribeNonDefault();
                if (start is not null) return "worker " + Index.ToString() + " started with " + start;
                WeakTag = Fill(Index);
                for (int round = 0; round < Rounds; round++)
                {
                    if (round == Rounds / 2)
                    {
                        Parked.Release();
                        if (!Collected.Wait(5000)) return "worker " + Index.ToString() + ": no collection came";
                        if (WeakTag.Target != t_tag) return "worker " + Index.ToString() + ": its tag was collected while it was switched out";
                    }
                    else if (round % 2 == 0) Scheduler.Yield();
                    else Scheduler.Sleep(1);
                    string wrong = Check(Index, round);
                    if (wrong is not null) return "worker " + Index.ToString() + " round " + round.ToString() + ": " + wrong;
                    Step(Index);
                }
                return null;
            }
        }

        // Out of line, so the new objects are referenced by the thread statics alone.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static GCHandle Fill(int owner)
        {
            var numbers = new long[16];
            for (int i = 0; i < numbers.Length; i++) numbers[i] = owner * 1000L + i;
            t_tag = new Tag { Owner = owner, Text = new string((char)('a' + owner), owner + 3), Numbers = numbers };
            t_name = "worker-" + owner.ToString();
            t_counters = new Counters { Sum = owner * 1_000_000_007L, Steps = 0 };
            return GCHandle.Alloc(t_tag, GCHandleType.Weak);
        }

        private static void Step(int owner)
        {
            t_round++;
            t_counters.Sum += owner + 1;
            t_counters.Steps++;
        }

        private static string Check(int owner, int round)
        {
            Tag tag = t_tag;
            if (tag is null || tag.Owner != owner) return "t_tag belongs to " + (tag is null ? "nobody" : tag.Owner.ToString());
            if (tag.Text != new string((char)('a' + owner), owner + 3)) return "t_tag.Text is '" + tag.Text + "'";
            for (int i = 0; i < tag.Numbers.Length; i++)
                if (tag.Numbers[i] != owner * 1000L + i) return "t_tag.Numbers[" + i.ToString() + "] is " + tag.Numbers[i].ToString();
            if (t_name != "worker-" + owner.ToString()) return "t_name is '" + t_name + "'";
            if (t_round != round) return "t_round is " + t_round.ToString();
            long sum = owner * 1_000_000_007L + (long)round * (owner + 1);
            if (t_counters.Sum != sum || t_counters.Steps != round)
                return "t_counters is (" + t_counters.Sum.ToString() + ", " + t_counters.Steps.ToString() + ")";
            return null;
        }

        // Null when every thread static still has its default value.
        private static string DescribeNonDefault()
        {
            if (t_tag is not null) return "t_tag of worker " + t_tag.Owner.ToString();
            if (t_name is not null) return "t_name '" + t_name + "'";
            if (t_round != 0) return "t_round " + t_round.ToString();
            if (t_counters.Sum != 0 || t_counters.Steps != 0) return "t_counters set";
            return null;
        }

        private sealed class Fresh
        {
            public string Found = "not run";

            public void Run() => Found = DescribeNonDefault();
        }

        public override string Run()
        {
            t_name = "tester";
            t_round = -7;
            var parked = new KernelSemaphore(0);
            var collected = new KernelEvent(autoReset: false);
            var workers = new Worker[Workers];
            var threads = new KernelThread[Workers];
            for (int i = 0; i < Workers; i++)
            {
                workers[i] = new Worker(i, parked, collected);
                threads[i] = Scheduler.Start("tls-" + i.ToString(), workers[i].Run, ThreadPriority.Normal, null, out string error);
                if (threads[i] is null) return error;
            }

            int parkedCount = 0;
            while (parkedCount < Workers && parked.Wait(5000)) parkedCount++;
            // The collector finds a switched-out thread's thread statics through its KernelThread.
            int held = 0;
            for (int i = 0; i < Workers; i++) if (threads[i].ThreadStatics is object[]) held++;
            int collectionsBefore = GC.CollectionCount(0);
            GC.Collect();
            bool collectedOnce = GC.CollectionCount(0) > collectionsBefore;
            Churn();
            collected.Set();

            bool joined = true;
            for (int i = 0; i < Workers; i++) joined &= threads[i].Join(5000);
            string failure = Expect(joined, "the workers did not finish");
            for (int i = 0; i < Workers && failure is null; i++) failure = workers[i].Failure;
            failure ??= Expect(parkedCount == Workers, "only " + parkedCount.ToString() + " workers parked")
                ?? Expect(held == Workers, "only " + held.ToString() + " switched-out workers' thread statics are held by their KernelThread")
                ?? Expect(collectedOnce, "GC.Collect did not collect")
                ?? Expect(t_name == "tester" && t_round == -7 && t_tag is null,
                    "the test thread's own thread statics changed: t_name '" + t_name + "', t_round " + t_round.ToString());

            var fresh = new Fresh();
            KernelThread late = Scheduler.Start("tls-fresh", fresh.Run, ThreadPriority.Normal, null, out string lateError);
            if (late is null) return failure ?? lateError;
            failure ??= Expect(late.Join(2000), "the fresh thread did not finish")
                ?? Expect(fresh.Found is null, "a new thread started with " + fresh.Found);

            // The ended workers' thread statics are released: nothing keeps their tags alive.
            GC.Collect();
            int released = 0;
            for (int i = 0; i < Workers; i++)
            {
                if (workers[i].WeakTag.IsAllocated && workers[i].WeakTag.Target is null) released++;
                if (workers[i].WeakTag.IsAllocated) workers[i].WeakTag.Free();
            }
            return failure ?? Expect(released == Workers, "only " + released.ToString() + " of " + Workers.ToString() + " ended threads' thread statics were released");
        }

        private static Tag s_churnSink;

        // Garbage of the tags' sizes, so a wrongly freed tag would be overwritten.
        // (Stored to a static so the compiler cannot keep it on the stack.)
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Churn()
        {
            for (int i = 0; i < 2000; i++)
                s_churnSink = new Tag { Owner = -1, Text = new string('#', 4), Numbers = new long[16] };
            s_churnSink = null;
        }
    }
}
