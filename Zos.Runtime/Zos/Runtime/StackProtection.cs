using System.Runtime;

namespace Zos.Runtime
{
    // stack_protection.asm lands here when a method's stack cookie was overwritten.
    internal static unsafe class StackProtection
    {
        [RuntimeExport("zos_stack_overrun")]
        public static void Overrun(void* returnAddress) =>
            RuntimeFailure.Fail(FailureKind.StackOverrun, "stack buffer overrun (stack cookie overwritten)", null, returnAddress);
    }
}
