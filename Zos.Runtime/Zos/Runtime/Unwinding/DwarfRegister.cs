namespace Zos.Runtime.Unwinding
{
    // DWARF register numbers for x86-64 (System V ABI, figure 3.36).
    internal static class DwarfRegister
    {
        public const int Rax = 0;
        public const int Rdx = 1;
        public const int Rcx = 2;
        public const int Rbx = 3;
        public const int Rsi = 4;
        public const int Rdi = 5;
        public const int Rbp = 6;
        public const int Rsp = 7;
        public const int R12 = 12;
        public const int R13 = 13;
        public const int R14 = 14;
        public const int R15 = 15;
        public const int ReturnAddress = 16;
    }
}
