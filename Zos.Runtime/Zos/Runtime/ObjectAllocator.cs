using System;
using System.Runtime;
using Internal.Runtime;

namespace Zos.Runtime
{
    // Allocation entry points ilc-generated code calls, over KernelHeap.
    internal static unsafe class ObjectAllocator
    {
        [RuntimeExport("RhpNewFast")]
        public static object NewObject(MethodTable* type) => KernelHeap.AllocateObject(type, type->BaseSize, 0);

        [RuntimeExport("RhpNewFinalizable")]
        public static object NewFinalizableObject(MethodTable* type) => KernelHeap.AllocateObject(type, type->BaseSize, 0);

        [RuntimeExport("RhpNewArrayFast")]
        public static object NewArray(MethodTable* type, nint length) => AllocateArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        public static object NewPointerArray(MethodTable* type, nint length) => AllocateArray(type, length);

        [RuntimeExport("RhNewObject")]
        public static object NewObjectByType(MethodTable* type) => KernelHeap.AllocateObject(type, type->BaseSize, 0);

        [RuntimeExport("RhNewArray")]
        public static object NewArrayByType(MethodTable* type, int length) => AllocateArray(type, length);

        public static object AllocateArray(MethodTable* type, nint length)
        {
            if (length < 0 || length > int.MaxValue) throw new OverflowException();
            ulong size = type->BaseSize + (ulong)length * type->ComponentSize;
            return KernelHeap.AllocateObject(type, size, (int)length);
        }
    }
}
