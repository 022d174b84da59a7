namespace Internal.Runtime
{
    // The parts of a MethodTable that interface dispatch, variance and Nullable<T> read.
    // After the interface map ilc (x64, static types) writes 32-bit relative pointers,
    // each present only when its flag says so: type manager, writable data, dispatch
    // map, finalizer, sealed virtual slots, generic definition, generic composition.
    // An instantiation's composition is its single type argument when the arity is 1,
    // else an array of relative pointers to the arguments; a variant generic
    // definition's composition points at one variance byte per parameter. A generic
    // definition keeps its arity in BaseSize.
    internal unsafe partial struct MethodTable
    {
        private const uint HasDispatchMapFlag = 0x00040000;
        private const uint HasSealedVTableEntriesFlag = 0x00400000;
        private const uint GenericVarianceFlag = 0x00800000;
        private const uint IsGenericFlag = 0x02000000;

        public bool HasDispatchMap => (_uFlags & HasDispatchMapFlag) != 0;

        public bool IsGeneric => (_uFlags & IsGenericFlag) != 0;

        public bool HasGenericVariance => (_uFlags & GenericVarianceFlag) != 0;

        public int NumVtableSlots => _usNumVtableSlots;

        private bool HasSealedVTableEntries => (_uFlags & HasSealedVTableEntriesFlag) != 0;

        // Offset of the first optional relative pointer, after type manager and writable data.
        private int* OptionalFields => (int*)(InterfaceMap + _usNumInterfaces) + 2;

        public DispatchMap* DispatchMap => HasDispatchMap ? (DispatchMap*)FollowRelative(OptionalFields) : null;

        private int* SealedVirtualSlotsField =>
            OptionalFields + (HasDispatchMap ? 1 : 0) + (HasFinalizer ? 1 : 0);

        private int* GenericDefinitionField => SealedVirtualSlotsField + (HasSealedVTableEntries ? 1 : 0);

        public MethodTable* GenericDefinition => IsGeneric ? (MethodTable*)FollowRelative(GenericDefinitionField) : null;

        private int* GenericCompositionField => GenericDefinitionField + (IsGeneric ? 1 : 0);

        public int GenericArity => (int)GenericDefinition->_uBaseSize;

        public MethodTable* GetGenericArgument(int index)
        {
            byte* composition = FollowRelative(GenericCompositionField);
            return GenericArity == 1 ? (MethodTable*)composition : (MethodTable*)FollowRelative((int*)composition + index);
        }

        public const byte Covariant = 1;
        public const byte Contravariant = 2;

        // GenericVariance of one parameter: 0 invariant, Covariant or Contravariant.
        public byte GetGenericVariance(int index)
        {
            MethodTable* definition = GenericDefinition;
            return definition->HasGenericVariance ? FollowRelative(definition->GenericCompositionField)[index] : (byte)0;
        }

        // Code of a virtual the type seals (final overrides, default interface methods).
        public nint GetSealedVirtualSlot(int index)
        {
            int* slots = (int*)FollowRelative(SealedVirtualSlotsField);
            return (nint)FollowRelative(slots + index);
        }

        private static byte* FollowRelative(int* field) => (byte*)field + *field;
    }
}
