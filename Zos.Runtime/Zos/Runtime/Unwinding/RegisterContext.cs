using System.Runtime.InteropServices;

namespace Zos.Runtime.Unwinding
{
    // A frame's state at a call site: where it will continue (Rip), its stack
    // pointer, and the callee-saved registers of the System V ABI. exceptions.asm
    // reads and writes this layout by offset (0, 8, ... 56): keep them in step.
    [StructLayout(LayoutKind.Sequential)]
    internal struct RegisterContext
    {
        public ulong Rip;
        public ulong Rsp;
        public ulong Rbp;
        public ulong Rbx;
        public ulong R12;
        public ulong R13;
        public ulong R14;
        public ulong R15;

        // The value the DWARF register number has in this context; false for
        // registers a call does not preserve (their values are unknown here).
        public bool TryGet(int register, out ulong value)
        {
            switch (register)
            {
                case DwarfRegister.Rsp: value = Rsp; return true;
                case DwarfRegister.Rbp: value = Rbp; return true;
                case DwarfRegister.Rbx: value = Rbx; return true;
                case DwarfRegister.R12: value = R12; return true;
                case DwarfRegister.R13: value = R13; return true;
                case DwarfRegister.R14: value = R14; return true;
                case DwarfRegister.R15: value = R15; return true;
                case DwarfRegister.ReturnAddress: value = Rip; return true;
                default: value = 0; return false;
            }
        }

        public void Set(int register, ulong value)
        {
            switch (register)
            {
                case DwarfRegister.Rsp: Rsp = value; break;
                case DwarfRegister.Rbp: Rbp = value; break;
                case DwarfRegister.Rbx: Rbx = value; break;
                case DwarfRegister.R12: R12 = value; break;
                case DwarfRegister.R13: R13 = value; break;
                case DwarfRegister.R14: R14 = value; break;
                case DwarfRegister.R15: R15 = value; break;
                case DwarfRegister.ReturnAddress: Rip = value; break;
            }
        }
    }
}
