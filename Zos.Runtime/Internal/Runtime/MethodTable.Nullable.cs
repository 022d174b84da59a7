namespace Internal.Runtime
{
    internal unsafe partial struct MethodTable
    {
        // Extended flags bits 8-10: log2 of where Nullable<T>'s value sits after its hasValue flag.
        private const uint NullableValueOffsetMask = 0x0700;
        private const int NullableValueOffsetShift = 8;

        public MethodTable* NullableType => GetGenericArgument(0);

        public uint NullableValueOffset => 1u << (int)((_uFlags & NullableValueOffsetMask) >> NullableValueOffsetShift);
    }
}
