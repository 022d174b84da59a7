using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // The runtime cannot print; it hands fatal conditions to the kernel, which
    // exports zos_runtime_fatal and turns them into a panic report.
    internal static unsafe class RuntimeFailure
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_runtime_fatal")]
        private static extern void Fatal(int kind, char* message, int length, void* exceptionType, void* returnAddress);

        public static void Fail(FailureKind kind, string message) => Fail(kind, message, null, null);

        public static void Fail(FailureKind kind, string message, void* exceptionType, void* returnAddress)
        {
            fixed (char* text = message)
                Fatal((int)kind, text, message is null ? 0 : message.Length, exceptionType, returnAddress);
            while (true) { }
        }

        // A method's stack cookie was overwritten: a buffer on its stack overran.
        [RuntimeExport("zos_stack_cookie_corrupted")]
        public static void StackCookieCorrupted(void* returnAddress) =>
            Fail(FailureKind.StackCorruption, "a stack buffer overran its bounds (stack cookie overwritten)", null, returnAddress);
    }
}
