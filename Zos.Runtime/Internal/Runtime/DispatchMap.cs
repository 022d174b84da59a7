using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // Which vtable or sealed slot implements each interface method of a type (its
    // own declarations only; base types have their own maps). Entries for default
    // interface methods follow the standard ones; static virtual entries are not used here.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct DispatchMap
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct Entry
        {
            public ushort InterfaceIndex;
            public ushort InterfaceMethodSlot;
            public ushort ImplementationSlot;
        }

        private ushort _standardEntryCount;
        private ushort _defaultEntryCount;
        private ushort _standardStaticEntryCount;
        private ushort _defaultStaticEntryCount;

        public int StandardEntryCount => _standardEntryCount;

        public int DefaultEntryCount => _defaultEntryCount;

        // Default-implementation entries are numbered after the standard ones.
        public Entry* GetEntry(int index)
        {
            fixed (DispatchMap* self = &this)
                return (Entry*)(self + 1) + index;
        }
    }
}
