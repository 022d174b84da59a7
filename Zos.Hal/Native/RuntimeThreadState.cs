namespace Zos.Hal.Native
{
    // Per-thread state the runtime keeps in one place for the running thread;
    // the scheduler exchanges it on every switch.
    public static unsafe class RuntimeThreadState
    {
        // The chain of exceptions being dispatched (or whose catch block runs).
        public static void* ExchangeExceptionChain(void* next) => NativeCpu.ExceptionChainExchange(next);
    }
}
