using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // Until unwinding exists, a thrown exception is fatal: it is reported with its
    // type, message and the address that threw, and no catch or finally runs.
    internal static unsafe class ExceptionDispatch
    {
        // runtime.asm's RhpThrowEx passes the thrower's return address along.
        [RuntimeExport("zos_throw")]
        public static void Throw(object exception, void* returnAddress)
        {
            Exception e = exception as Exception;
            RuntimeFailure.Fail(FailureKind.UnhandledException, e?.Message, exception is null ? null : exception.m_pEEType, returnAddress);
        }

        [RuntimeExport("RhpRethrow")]
        public static void Rethrow() => RuntimeFailure.Fail(FailureKind.UnhandledException, "rethrow", null, null);
    }
}
