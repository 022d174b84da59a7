using System.Runtime.CompilerServices;
using Internal.Runtime;
using Zos.Runtime;

namespace System.Runtime
{
    // Boxing and unboxing helpers ilc calls by name.
    internal static unsafe class RuntimeExports
    {
        [RuntimeExport("RhBox")]
        public static object RhBox(MethodTable* type, ref byte data) => Boxing.Box(type, ref data);

        [RuntimeExport("RhUnbox2")]
        public static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj is null || obj.m_pEEType != type) throw new InvalidCastException();
            return ref Unsafe.As<RawData>(obj).Data;
        }

        [RuntimeExport("RhUnboxNullable")]
        public static void RhUnboxNullable(ref byte data, MethodTable* type, object obj) =>
            Boxing.UnboxNullable(type, obj, ref data);
    }
}
