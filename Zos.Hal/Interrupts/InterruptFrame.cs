using System.Runtime.InteropServices;

namespace Zos.Hal.Interrupts
{
    // What cpu.asm's interrupt entry leaves on the stack, lowest address first:
    // the general registers it pushed, the vector and error code, then the frame
    // the CPU pushed. Handlers may change it; the interrupted code resumes from it.
    [StructLayout(LayoutKind.Sequential)]
    public struct InterruptFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector;
        public ulong ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }
}
