using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // What the runtime knows of, and needs from, the kernel's scheduler
    // (Zos.Kernel/Threading/AddressWaits.cs) to make threads wait for monitors
    // and class constructors.
    internal static class KernelThreads
    {
        private static int s_currentId;

        // A stable id of the running thread (0 before the scheduler runs). Kept
        // here rather than asked of the kernel, because asking could run the
        // scheduler's own class constructor from inside the constructor runner.
        public static int CurrentId() => s_currentId;

        // The scheduler tells on every switch.
        [RuntimeExport("zos_thread_set_current_id")]
        private static void SetCurrentId(int id) => s_currentId = id;

        // Blocks the running thread on key until woken or the timeout (-1: none) passes:
        // false then, or when the kernel could only pause it briefly. Interrupts must be disabled.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_thread_wait")]
        public static extern bool Wait(ulong key, int timeoutMilliseconds);

        // The running thread released a monitor completely: the kernel ends it
        // here if it was to be killed and now holds none.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_thread_monitor_released")]
        public static extern void MonitorReleased();

        // Wakes every thread blocked on key.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_thread_wake")]
        public static extern void Wake(ulong key);
    }
}
