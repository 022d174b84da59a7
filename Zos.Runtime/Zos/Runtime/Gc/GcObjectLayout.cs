namespace Zos.Runtime.Gc
{
    // What the collector needs to know about an object, read straight from
    // memory so that the same code works on Zos's objects and on CoreCLR's (the
    // host tests): a reference points at the MethodTable pointer, an 8-byte
    // header sits before it, an array or string keeps its length in the int
    // after the MethodTable pointer. The MethodTable starts with a flags word
    // (low 16 bits = component size when HasComponentSize) and the base size.
    internal static unsafe class GcObjectLayout
    {
        public const int HeaderSize = 8;
        public const uint HasComponentSizeFlag = 0x80000000;
        public const uint ContainsGCPointersFlag = 0x01000000;

        public static byte* MethodTableOf(byte* obj) => *(byte**)obj;

        public static bool ContainsPointers(byte* methodTable) => (*(uint*)methodTable & ContainsGCPointersFlag) != 0;

        // Bytes the object spans from its header on, before rounding to 8 (the
        // size the GCDesc series are relative to).
        public static ulong ExactSize(byte* obj)
        {
            byte* methodTable = MethodTableOf(obj);
            uint flags = *(uint*)methodTable;
            ulong size = *(uint*)(methodTable + 4);
            if ((flags & HasComponentSizeFlag) != 0)
                size += (ulong)*(uint*)(obj + sizeof(ulong)) * (flags & 0xFFFF);
            return size;
        }

        public static ulong AllocatedSize(byte* obj) => (ExactSize(obj) + 7) & ~7UL;
    }
}
