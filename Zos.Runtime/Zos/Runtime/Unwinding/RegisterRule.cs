namespace Zos.Runtime.Unwinding
{
    // How a register's value in the caller is recovered (DWARF 4 section 6.4.1).
    internal enum RegisterRule : byte
    {
        SameValue = 0,      // unchanged by this frame (also the default for unmentioned registers)
        Undefined = 1,      // not recoverable
        Offset = 2,         // saved in memory at CFA + value
        ValueOffset = 3,    // the value is CFA + value
        InRegister = 4,     // the value is in register number value
    }
}
