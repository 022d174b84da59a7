using System;

namespace Zos.Runtime
{
    // Where an exception that no catch takes ends: the first pass found no
    // handler, so nothing has been unwound and the thrower's state is intact.
    internal static unsafe class UnhandledException
    {
        public static void Raise(object exception, ulong throwSite)
        {
            string message = exception is Exception e ? e.Message : null;
            RuntimeFailure.Fail(FailureKind.UnhandledException, message, exception.m_pEEType, (void*)throwSite);
        }
    }
}
