using System.Runtime;
using System.Runtime.CompilerServices;
using Zos.Runtime.Unwinding;

namespace Zos.Runtime
{
    // The assembly primitives of exception dispatch (Native/exceptions.asm).
    internal static unsafe class ExceptionNative
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_invoke_funclet")]
        public static extern ulong InvokeFunclet(void* funclet, object exception, RegisterContext* frame, FuncletCall* call);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_resume_frame")]
        public static extern void ResumeFrame(RegisterContext* frame, void* address);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_eh_frame_header")]
        public static extern byte* EhFrameHeader();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_funclet_return_address")]
        public static extern ulong FuncletReturnAddress();
    }
}
