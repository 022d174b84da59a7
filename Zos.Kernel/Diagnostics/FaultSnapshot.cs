namespace Zos.Kernel.Diagnostics
{
    // The state a panic report describes: the CPU exception (or runtime failure)
    // and the registers at that point. Plain data, so reports can be built and
    // tested on the host.
    public struct FaultSnapshot
    {
        public ulong Vector, ErrorCode, Rip, Cr2, Rflags, Cs, Ss, Rsp;
        public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, R8, R9, R10, R11, R12, R13, R14, R15;
        // Cr2 lies in the running thread's stack guard page.
        public bool InStackGuardPage;
    }
}
