using System.Runtime.CompilerServices;
using Internal.Runtime;
using Zos.Runtime;

namespace System.Runtime
{
    // Casting helpers ilc calls by name (target type first). Classes walk the
    // base-type chain, interfaces scan the interface map, arrays compare element
    // types. Generic interfaces match variantly (GenericVariance).
    internal static unsafe class TypeCast
    {
        public static object IsInstanceOfClass(MethodTable* targetType, object obj)
        {
            if (obj is null) return null;
            return IsAssignableToClass(obj.m_pEEType, targetType) ? obj : null;
        }

        public static object IsInstanceOfInterface(MethodTable* targetType, object obj)
        {
            if (obj is null) return null;
            return ImplementsInterface(obj.m_pEEType, targetType) ? obj : null;
        }

        public static object IsInstanceOfAny(MethodTable* targetType, object obj)
        {
            if (obj is null) return null;
            return IsAssignable(obj.m_pEEType, targetType) ? obj : null;
        }

        public static bool IsInstanceOfException(MethodTable* targetType, object obj) =>
            obj is not null && IsAssignableToClass(obj.m_pEEType, targetType);

        public static object CheckCastClass(MethodTable* targetType, object obj) =>
            obj is null || IsAssignableToClass(obj.m_pEEType, targetType) ? obj : ThrowInvalidCast();

        public static object CheckCastClassSpecial(MethodTable* targetType, object obj) => CheckCastClass(targetType, obj);

        public static object CheckCastInterface(MethodTable* targetType, object obj) =>
            obj is null || ImplementsInterface(obj.m_pEEType, targetType) ? obj : ThrowInvalidCast();

        public static object CheckCastAny(MethodTable* targetType, object obj) =>
            obj is null || IsAssignable(obj.m_pEEType, targetType) ? obj : ThrowInvalidCast();

        public static void StelemRef(object[] array, nint index, object obj)
        {
            if ((nuint)index >= (uint)array.Length) throw new IndexOutOfRangeException();
            MethodTable* elementType = array.m_pEEType->ElementTypeHandle;
            if (obj is not null && obj.m_pEEType != elementType && !IsAssignable(obj.m_pEEType, elementType))
                throw new ArrayTypeMismatchException();
            Unsafe.Add(ref Unsafe.As<byte, object>(ref array.GetRawData()), index) = obj;
        }

        public static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (uint)array.Length) throw new IndexOutOfRangeException();
            if (array.m_pEEType->ElementTypeHandle != elementType) throw new ArrayTypeMismatchException();
            return ref Unsafe.Add(ref Unsafe.As<byte, object>(ref array.GetRawData()), index);
        }

        internal static bool IsAssignable(MethodTable* sourceType, MethodTable* targetType)
        {
            if (sourceType == targetType) return true;
            if (targetType->IsInterface) return ImplementsInterface(sourceType, targetType);
            if (targetType->IsSzArray)
            {
                if (!sourceType->IsSzArray) return false;
                MethodTable* sourceElement = sourceType->ElementTypeHandle;
                MethodTable* targetElement = targetType->ElementTypeHandle;
                // Array covariance applies to reference-type elements only.
                return sourceElement == targetElement ||
                    (!sourceElement->IsValueType && !targetElement->IsValueType && IsAssignable(sourceElement, targetElement));
            }
            return IsAssignableToClass(sourceType, targetType);
        }

        private static bool IsAssignableToClass(MethodTable* sourceType, MethodTable* targetType)
        {
            if (sourceType->IsParameterized)
            {
                // Arrays derive from System.Array, which derives from System.Object.
                MethodTable* arrayType = MethodTable.Of<Array>();
                if (targetType == arrayType) return true;
                sourceType = arrayType;
            }
            for (MethodTable* type = sourceType; type != null; type = type->BaseType)
                if (type == targetType) return true;
            return false;
        }

        private static bool ImplementsInterface(MethodTable* sourceType, MethodTable* interfaceType)
        {
            MethodTable** map = sourceType->InterfaceMap;
            for (int i = 0; i < sourceType->NumInterfaces; i++)
                if (map[i] == interfaceType || GenericVariance.IsVariantMatch(map[i], interfaceType)) return true;
            return false;
        }

        private static object ThrowInvalidCast() => throw new InvalidCastException();
    }
}
