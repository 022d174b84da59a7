using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Zos.Runtime
{
    // Allocation entry points ilc-generated code calls, over KernelHeap.
    // Objects are never freed yet: the collector arrives with the runtime issue.
    internal static unsafe class ObjectAllocator
    {
        [RuntimeExport("RhpNewFast")]
        public static object NewObject(MethodTable* type) => AllocateObject(type, type->BaseSize);

        [RuntimeExport("RhpNewFinalizable")]
        public static object NewFinalizableObject(MethodTable* type) => AllocateObject(type, type->BaseSize);

        [RuntimeExport("RhpNewArrayFast")]
        public static object NewArray(MethodTable* type, nint length) => AllocateArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        public static object NewPointerArray(MethodTable* type, nint length) => AllocateArray(type, length);

        [RuntimeExport("RhNewObject")]
        public static object NewObjectByType(MethodTable* type) => AllocateObject(type, type->BaseSize);

        [RuntimeExport("RhNewArray")]
        public static object NewArrayByType(MethodTable* type, int length) => AllocateArray(type, length);

        public static object AllocateArray(MethodTable* type, nint length)
        {
            if (length < 0 || length > int.MaxValue) throw new OverflowException();
            ulong size = type->BaseSize + (ulong)length * type->ComponentSize;
            object array = AllocateObject(type, size);
            *(int*)((byte*)Unsafe.As<object, nint>(ref array) + sizeof(nint)) = (int)length;
            return array;
        }

        private static object AllocateObject(MethodTable* type, ulong size)
        {
            size = (size + 7) & ~7UL;
            byte* memory = KernelHeap.Allocate(size);
            // The object reference points past the 8-byte header, at the MethodTable pointer.
            *(MethodTable**)(memory + sizeof(nint)) = type;
            nint reference = (nint)(memory + sizeof(nint));
            return Unsafe.As<nint, object>(ref reference);
        }
    }
}
