using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // The type descriptor ilc emits for every type (NativeAOT layout, .NET 10, x64):
    // 24 bytes of header, then the vtable slots, then the interface map.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe partial struct MethodTable
    {
        private const uint KindMask = 0x00030000;
        private const uint ParameterizedKind = 0x00020000;
        private const uint HasFinalizerFlag = 0x00100000;
        private const uint HasPointersFlag = 0x01000000;
        private const uint ElementTypeMask = 0x7C000000;
        private const int ElementTypeShift = 26;
        private const uint HasComponentSizeFlag = 0x80000000;
        private const uint ValueTypeFieldPaddingMask = 0x00E0;
        private const int ValueTypeFieldPaddingShift = 5;

        private const uint ElementTypeClass = 0x14;
        private const uint ElementTypeInterface = 0x15;
        private const uint ElementTypeNullable = 0x12;
        private const uint ElementTypeSzArray = 0x18;

        private uint _uFlags;
        private uint _uBaseSize;
        private MethodTable* _relatedType;
        private ushort _usNumVtableSlots;
        private ushort _usNumInterfaces;
        private uint _uHashCode;

        // ilc replaces the body with the address of T's MethodTable.
        [Intrinsic]
        public static MethodTable* Of<T>() => throw null;

        public uint BaseSize => _uBaseSize;

        public bool HasComponentSize => (_uFlags & HasComponentSizeFlag) != 0;

        public ushort ComponentSize => HasComponentSize ? (ushort)_uFlags : (ushort)0;

        public bool HasPointers => (_uFlags & HasPointersFlag) != 0;

        public bool HasFinalizer => (_uFlags & HasFinalizerFlag) != 0;

        private uint ElementType => (_uFlags & ElementTypeMask) >> ElementTypeShift;

        public bool IsParameterized => (_uFlags & KindMask) == ParameterizedKind;

        public bool IsSzArray => ElementType == ElementTypeSzArray;

        public bool IsInterface => ElementType == ElementTypeInterface;

        public bool IsValueType => ElementType < ElementTypeClass;

        public bool IsNullable => ElementType == ElementTypeNullable;

        // Base type for classes and value types; element type for arrays, pointers and byrefs.
        public MethodTable* RelatedType => _relatedType;

        public MethodTable* BaseType => IsParameterized ? null : _relatedType;

        public MethodTable* ElementTypeHandle => IsParameterized ? _relatedType : null;

        public int NumInterfaces => _usNumInterfaces;

        public MethodTable** InterfaceMap
        {
            get
            {
                fixed (MethodTable* self = &this)
                    return (MethodTable**)((byte*)self + sizeof(MethodTable) + _usNumVtableSlots * sizeof(nint));
            }
        }

        public nint* VTable
        {
            get
            {
                fixed (MethodTable* self = &this)
                    return (nint*)((byte*)self + sizeof(MethodTable));
            }
        }

        // Bytes of a boxed value's payload: base size less object header, MethodTable pointer and padding.
        public uint ValueTypeSize =>
            _uBaseSize - (uint)(2 * sizeof(nint)) - (HasComponentSize ? 0 : (_uFlags & ValueTypeFieldPaddingMask) >> ValueTypeFieldPaddingShift);
    }
}
