namespace Zos.Hal.Native
{
    // Per-thread state the runtime keeps in one place for the running thread;
    // the scheduler exchanges it on every switch.
    public static unsafe class RuntimeThreadState
    {
        // The chain of exceptions being dispatched (or whose catch block runs).
        public static void* ExchangeExceptionChain(void* next) => NativeCpu.ExceptionChainExchange(next);

        // Which thread runs, for the runtime's monitors and class constructor locks: 1 and up, 0 for none.
        public static void SetCurrentThreadId(int id) => NativeCpu.ThreadSetCurrentId(id);

        // The memory account the running thread's allocations are charged to (RuntimeHeap.OpenAccount).
        public static void SetMemoryAccount(int account) => NativeCpu.HeapSetCurrentAccount(account);

        // Monitors (C# `lock`) the thread with this id holds.
        public static int MonitorsHeldBy(int id) => NativeCpu.MonitorsHeldBy(id);

        // Frees the monitors of a thread that is killed where it stands; how many it held.
        public static int ReleaseMonitors(int id) => NativeCpu.MonitorsReleaseAll(id);

        // The [ThreadStatic] storage (null until the thread first touches a thread static).
        public static object ExchangeThreadStatics(object next) => NativeCpu.ThreadStaticsExchange(next);
    }
}
