using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // Which class constructors are running, and on which thread. A thread that
    // needs a constructor another thread is running waits for it to finish; one
    // that re-enters its own (directly or through other types) goes on and sees
    // the type partly initialised, as C# specifies. If waiting would close a
    // cycle (thread A runs X and needs Y while B runs Y and needs X) the waiter
    // goes on instead, which ECMA-335 allows to break the deadlock.
    internal static unsafe class ClassConstructorLocks
    {
        private const int Capacity = 64;

        private static Table s_table;

        private struct Table
        {
            // A constructor in progress and the thread running it.
            public fixed ulong Running[Capacity];
            public fixed int Runner[Capacity];
            // A thread waiting and the constructor it waits for.
            public fixed int Waiter[Capacity];
            public fixed ulong WaitedFor[Capacity];
        }

        // False when the caller must not run the constructor: its own thread is
        // already running it, or waiting would deadlock.
        public static bool TryEnter(StaticClassConstructionContext* context)
        {
            ulong key = (ulong)context;
            int self = KernelThreads.CurrentId();
            ulong flags = InterruptState.Disable();
            bool enter;
            while (true)
            {
                int running = IndexOf(key);
                if (running < 0)
                {
                    Record(key, self);
                    enter = true;
                    break;
                }
                int runner = s_table.Runner[running];
                if (runner == self || WaitsFor(runner, self))
                {
                    enter = false;
                    break;
                }
                int wait = RecordWait(self, key);
                KernelThreads.Wait(key, -1);
                s_table.WaitedFor[wait] = 0;
            }
            InterruptState.Restore(flags);
            return enter;
        }

        public static void Exit(StaticClassConstructionContext* context)
        {
            ulong key = (ulong)context;
            ulong flags = InterruptState.Disable();
            int running = IndexOf(key);
            if (running < 0) RuntimeFailure.Fail(FailureKind.UnhandledException, "class constructor finished without starting");
            s_table.Running[running] = 0;
            KernelThreads.Wake(key);
            InterruptState.Restore(flags);
        }

        // Whether thread `from` is (transitively) waiting for a constructor `to` runs.
        private static bool WaitsFor(int from, int to)
        {
            for (int hops = 0; hops < Capacity; hops++)
            {
                ulong waitedFor = WaitedForBy(from);
                if (waitedFor == 0) return false;
                int running = IndexOf(waitedFor);
                if (running < 0) return false;
                from = s_table.Runner[running];
                if (from == to) return true;
            }
            return false;
        }

        private static ulong WaitedForBy(int thread)
        {
            for (int i = 0; i < Capacity; i++)
                if (s_table.WaitedFor[i] != 0 && s_table.Waiter[i] == thread) return s_table.WaitedFor[i];
            return 0;
        }

        private static int IndexOf(ulong key)
        {
            for (int i = 0; i < Capacity; i++) if (s_table.Running[i] == key) return i;
            return -1;
        }

        private static void Record(ulong key, int runner)
        {
            int free = IndexOf(0);
            if (free < 0) RuntimeFailure.Fail(FailureKind.UnhandledException, "more than 64 class constructors running at once");
            s_table.Running[free] = key;
            s_table.Runner[free] = runner;
        }

        private static int RecordWait(int waiter, ulong key)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (s_table.WaitedFor[i] != 0) continue;
                s_table.Waiter[i] = waiter;
                s_table.WaitedFor[i] = key;
                return i;
            }
            RuntimeFailure.Fail(FailureKind.UnhandledException, "more than 64 threads waiting for class constructors");
            return -1;
        }
    }
}
