using System.Runtime.InteropServices;
using Zos.Runtime.Unwinding;

namespace Zos.Runtime
{
    internal enum FuncletKind
    {
        Filter,
        Finally,
        Catch,
    }

    // Describes a funclet the dispatcher is running, for the unwinder: an
    // exception escaping a catch or finally continues in the parent frame after
    // that clause; one escaping a filter returns to the dispatcher, which treats
    // it as the filter saying no.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct FuncletCall
    {
        public FuncletKind Kind;
        public uint ClauseIndex;
        public RegisterContext* Frame;
    }
}
