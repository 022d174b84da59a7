using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // The monitors currently held, by object address (the collector never moves
    // objects, and a held monitor's object is alive: its holder uses it). An
    // entry exists only while some thread holds the monitor. Waiting is the
    // kernel's: a thread that finds the monitor taken blocks on the object's
    // address (zos_thread_wait) until Exit wakes the waiters (zos_thread_wake),
    // so a waiting thread never spins, whatever the priorities.
    internal static unsafe class MonitorTable
    {
        private const int Capacity = 256;

        private static Entries s_entries;

        private struct Entries
        {
            public fixed ulong Object[Capacity];
            public fixed int Owner[Capacity];
            public fixed int Recursion[Capacity];
        }

        // False if the timeout (-1: none) passed first.
        public static bool Enter(object obj, int timeoutMilliseconds)
        {
            ulong key = (ulong)Unsafe.As<object, nint>(ref obj);
            int self = KernelThreads.CurrentId();
            ulong flags = InterruptState.Disable();
            while (true)
            {
                int index = Find(key);
                if (index < 0)
                {
                    Take(key, self);
                    break;
                }
                if (s_entries.Owner[index] == self)
                {
                    s_entries.Recursion[index]++;
                    break;
                }
                // Blocks with interrupts off; returns with them off. A wakeup is only a hint: look again.
                // Each wait gets the whole timeout, so a contended TryEnter may wait longer than asked.
                if (timeoutMilliseconds == 0 || (!KernelThreads.Wait(key, timeoutMilliseconds) && timeoutMilliseconds > 0))
                {
                    InterruptState.Restore(flags);
                    return false;
                }
            }
            InterruptState.Restore(flags);
            return true;
        }

        // False if the calling thread does not hold it.
        public static bool Exit(object obj)
        {
            ulong key = (ulong)Unsafe.As<object, nint>(ref obj);
            ulong flags = InterruptState.Disable();
            int index = Find(key);
            bool held = index >= 0 && s_entries.Owner[index] == KernelThreads.CurrentId();
            bool released = held && --s_entries.Recursion[index] == 0;
            if (released)
            {
                s_entries.Object[index] = 0;
                KernelThreads.Wake(key);
            }
            InterruptState.Restore(flags);
            // A thread the kernel wanted to kill while it held monitors ends here, once it holds none.
            if (released) KernelThreads.MonitorReleased();
            return held;
        }

        // How many monitors the thread holds: the kernel does not kill a thread
        // that holds any (the state they guard may be half-changed), it waits
        // for the last release.
        [RuntimeExport("zos_monitors_held_by")]
        private static int HeldBy(int owner)
        {
            ulong flags = InterruptState.Disable();
            int count = 0;
            for (int i = 0; i < Capacity; i++)
                if (s_entries.Object[i] != 0 && s_entries.Owner[i] == owner) count++;
            InterruptState.Restore(flags);
            return count;
        }

        // For a thread killed where it stands (it cannot go on): its monitors are
        // freed and their waiters woken. Returns how many it held.
        [RuntimeExport("zos_monitors_release_all")]
        private static int ReleaseAll(int owner)
        {
            ulong flags = InterruptState.Disable();
            int count = 0;
            for (int i = 0; i < Capacity; i++)
            {
                if (s_entries.Object[i] == 0 || s_entries.Owner[i] != owner) continue;
                ulong key = s_entries.Object[i];
                s_entries.Object[i] = 0;
                KernelThreads.Wake(key);
                count++;
            }
            InterruptState.Restore(flags);
            return count;
        }

        public static bool IsHeldByCurrentThread(object obj)
        {
            ulong key = (ulong)Unsafe.As<object, nint>(ref obj);
            ulong flags = InterruptState.Disable();
            int index = Find(key);
            bool held = index >= 0 && s_entries.Owner[index] == KernelThreads.CurrentId();
            InterruptState.Restore(flags);
            return held;
        }

        private static int Find(ulong key)
        {
            for (int i = 0; i < Capacity; i++) if (s_entries.Object[i] == key) return i;
            return -1;
        }

        private static void Take(ulong key, int owner)
        {
            int free = Find(0);
            if (free < 0) RuntimeFailure.Fail(FailureKind.MonitorTableFull, "more than 256 monitors held at once");
            s_entries.Object[free] = key;
            s_entries.Owner[free] = owner;
            s_entries.Recursion[free] = 1;
        }
    }
}
