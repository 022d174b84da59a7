using System.Runtime.CompilerServices;
using Internal.Runtime;
using Zos.Runtime;

namespace System.Runtime
{
    // Boxing and unboxing helpers ilc calls by name.
    internal static unsafe class RuntimeExports
    {
        [RuntimeExport("RhBox")]
        public static object RhBox(MethodTable* type, ref byte data)
        {
            if (type->IsNullable)
                throw new NotSupportedException("Boxing Nullable<T> is not supported by the Zos runtime yet.");
            object box = ObjectAllocator.NewObject(type);
            ref byte payload = ref Unsafe.As<RawData>(box).Data;
            uint size = type->ValueTypeSize;
            for (uint i = 0; i < size; i++) Unsafe.Add(ref payload, i) = Unsafe.Add(ref data, i);
            return box;
        }

        [RuntimeExport("RhUnbox2")]
        public static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj is null || obj.m_pEEType != type) throw new InvalidCastException();
            return ref Unsafe.As<RawData>(obj).Data;
        }

        [RuntimeExport("RhUnboxNullable")]
        public static void RhUnboxNullable(ref byte data, MethodTable* type, object obj) =>
            throw new NotSupportedException("Unboxing to Nullable<T> is not supported by the Zos runtime yet.");
    }
}
