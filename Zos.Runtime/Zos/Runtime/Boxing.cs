using System;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Zos.Runtime
{
    // Boxing copies a value's bytes into a new object of its type. Nullable<T> never
    // exists boxed: boxing one without a value gives null, with a value a boxed T;
    // unboxing to T? accepts null or a boxed T. Nullable<T> is { bool hasValue; T value }
    // with the value's offset recorded in the Nullable's MethodTable.
    internal static unsafe class Boxing
    {
        // The value's bytes inside a Nullable<T>; T's own size may include boxing padding.
        private static uint ValueSize(MethodTable* nullableType)
        {
            uint room = nullableType->ValueTypeSize - nullableType->NullableValueOffset;
            uint size = nullableType->NullableType->ValueTypeSize;
            return size < room ? size : room;
        }

        public static object Box(MethodTable* type, ref byte data)
        {
            if (!type->IsNullable) return BoxValue(type, ref data);
            if (data == 0) return null;
            object box = ObjectAllocator.NewObject(type->NullableType);
            Copy(ref Unsafe.Add(ref data, type->NullableValueOffset), ref Unsafe.As<RawData>(box).Data, ValueSize(type));
            return box;
        }

        public static void UnboxNullable(MethodTable* nullableType, object obj, ref byte nullable)
        {
            if (obj is null)
            {
                for (uint i = 0; i < nullableType->ValueTypeSize; i++) Unsafe.Add(ref nullable, i) = 0;
                return;
            }
            if (obj.m_pEEType != nullableType->NullableType) throw new InvalidCastException();
            nullable = 1;
            Copy(ref Unsafe.As<RawData>(obj).Data, ref Unsafe.Add(ref nullable, nullableType->NullableValueOffset), ValueSize(nullableType));
        }

        private static object BoxValue(MethodTable* type, ref byte data)
        {
            object box = ObjectAllocator.NewObject(type);
            Copy(ref data, ref Unsafe.As<RawData>(box).Data, type->ValueTypeSize);
            return box;
        }

        private static void Copy(ref byte from, ref byte to, uint size)
        {
            for (uint i = 0; i < size; i++) Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
        }
    }
}
