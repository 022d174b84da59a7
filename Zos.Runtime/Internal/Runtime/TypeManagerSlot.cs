using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // A module's TypeManagerIndirection section: what ilc's thread static helpers
    // pass to the runtime to say which module a thread static index belongs to.
    [StructLayout(LayoutKind.Sequential)]
    internal struct TypeManagerSlot
    {
        public nint TypeManager;
        public int ModuleIndex;
    }
}
