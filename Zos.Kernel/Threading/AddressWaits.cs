using System.Runtime.InteropServices;

namespace Zos.Kernel.Threading
{
    // Blocking on an address, for the runtime's monitors (C#'s `lock`): the
    // runtime checks its own state with interrupts disabled and, if it must
    // wait, blocks here on the object's address until that address is woken.
    public static class AddressWaits
    {
        private const int Slots = 64;

        private static readonly ulong[] s_keys = new ulong[Slots];
        private static readonly ThreadQueue[] s_queues = CreateQueues();
        // When every slot is taken: a short pause, after which the caller looks again.
        private static readonly ThreadQueue s_overflow = new ThreadQueue();
        private const int OverflowPauseMilliseconds = 1;

        // Called with interrupts disabled; false if the timeout (-1: none) passed
        // first, or if there was no slot and the thread only paused.
        [UnmanagedCallersOnly(EntryPoint = "zos_thread_wait")]
        private static bool Wait(ulong key, int timeoutMilliseconds)
        {
            int slot = SlotFor(key);
            if (slot < 0)
            {
                Scheduler.Block(s_overflow, OverflowPauseMilliseconds);
                return false;
            }
            return Scheduler.Block(s_queues[slot], timeoutMilliseconds);
        }

        [UnmanagedCallersOnly(EntryPoint = "zos_thread_wake")]
        private static void Wake(ulong key)
        {
            for (int i = 0; i < Slots; i++)
                if (s_keys[i] == key) Scheduler.WakeAll(s_queues[i]);
        }

        // The slot already used for key, else a slot nobody waits in.
        private static int SlotFor(ulong key)
        {
            int free = -1;
            for (int i = 0; i < Slots; i++)
            {
                if (s_keys[i] == key && !s_queues[i].IsEmpty) return i;
                if (free < 0 && s_queues[i].IsEmpty) free = i;
            }
            if (free >= 0) s_keys[free] = key;
            return free;
        }

        private static ThreadQueue[] CreateQueues()
        {
            var queues = new ThreadQueue[Slots];
            for (int i = 0; i < Slots; i++) queues[i] = new ThreadQueue();
            return queues;
        }
    }
}
