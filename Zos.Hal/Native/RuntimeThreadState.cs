using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Hal.Native
{
    // Per-thread state the runtime keeps in one place for the running thread;
    // the scheduler exchanges it on every switch.
    public static unsafe class RuntimeThreadState
    {
        // The chain of exceptions being dispatched (or whose catch block runs).
        public static void* ExchangeExceptionChain(void* next) => NativeCpu.ExceptionChainExchange(next);

        // The [ThreadStatic] storage (null until the thread first touches a thread static).
        public static object ExchangeThreadStatics(object next) => ThreadStaticsExchange(next);

        [RuntimeImport("zos_thread_statics_exchange"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern object ThreadStaticsExchange(object next);
    }
}
