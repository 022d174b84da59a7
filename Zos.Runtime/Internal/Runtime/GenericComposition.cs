using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // A generic instantiation's type arguments as ilc lays them out: arity, a
    // has-variance byte, padding to 8, one full MethodTable pointer per argument,
    // then (when variant) one GenericVariance byte per argument.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct GenericComposition
    {
        public const byte Covariant = 1;
        public const byte Contravariant = 2;

        private ushort _arity;
        private byte _hasVariance;
        private byte _padding0;
        private int _padding1;

        public int Arity => _arity;

        public MethodTable* GetArgument(int index)
        {
            fixed (GenericComposition* self = &this)
                return ((MethodTable**)(self + 1))[index];
        }

        public byte GetVariance(int index)
        {
            if (_hasVariance == 0) return 0;
            fixed (GenericComposition* self = &this)
                return ((byte*)((MethodTable**)(self + 1) + _arity))[index];
        }
    }
}
