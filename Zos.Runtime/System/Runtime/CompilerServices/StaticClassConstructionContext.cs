using System.Runtime.InteropServices;

namespace System.Runtime.CompilerServices
{
    // ilc emits one per type whose static constructor runs lazily, in front of the
    // type's non-GC statics. A non-zero address means "not run yet"; generated code
    // calls ClassConstructorRunner until the runner clears it.
    [StructLayout(LayoutKind.Sequential)]
    internal struct StaticClassConstructionContext
    {
        public IntPtr cctorMethodAddress;
    }
}
