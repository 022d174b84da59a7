namespace Zos.Hal.Native
{
    // The runtime's DWARF stack walker, for backtraces that do not depend on
    // frame pointers. A context is 8 words: rip, rsp, rbp, rbx, r12, r13, r14, r15.
    public static unsafe class RuntimeStackWalk
    {
        public const int ContextWords = 8;

        // atFault: context[0] is a faulting instruction rather than a return
        // address. The walk stops where rsp would leave [stackLow, stackHigh).
        public static int Walk(ulong* context, bool atFault, ulong stackLow, ulong stackHigh, ulong[] into)
        {
            fixed (ulong* buffer = into) return NativeCpu.StackWalk(context, atFault, stackLow, stackHigh, buffer, into.Length);
        }

        // The registers at the throw of the exception being dispatched on this thread; null if none.
        public static ulong* ThrowerContext() => NativeCpu.ExceptionThrowerContext();
    }
}
