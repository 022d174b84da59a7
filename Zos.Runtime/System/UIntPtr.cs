namespace System
{
    public readonly unsafe struct UIntPtr : IEquatable<nuint>, IFormattable
    {
        private readonly void* _value;

        public static readonly nuint Zero;

        public UIntPtr(uint value) { _value = (void*)value; }
        public UIntPtr(ulong value) { _value = (void*)value; }
        public UIntPtr(void* value) { _value = value; }

        public static int Size => sizeof(nuint);
        public static nuint MaxValue => unchecked((nuint)ulong.MaxValue);
        public static nuint MinValue => 0;

        public void* ToPointer() => _value;
        public ulong ToUInt64() => (ulong)_value;
        public uint ToUInt32() => (uint)(ulong)_value;

        public static explicit operator nuint(void* value) => new UIntPtr(value);
        public static explicit operator void*(nuint value) => value.ToPointer();
        public static explicit operator ulong(nuint value) => value.ToUInt64();
        public static explicit operator uint(nuint value) => value.ToUInt32();
        public static explicit operator nuint(ulong value) => new UIntPtr(value);
        public static explicit operator nuint(uint value) => new UIntPtr(value);

        public bool Equals(nuint other) => _value == other.ToPointer();
        public override bool Equals(object obj) => obj is nuint other && Equals(other);
        public override int GetHashCode() => ((ulong)_value).GetHashCode();
        public override string ToString() => ((ulong)_value).ToString();
        public string ToString(string format, IFormatProvider provider) => Number.FormatInteger((ulong)_value, 64, signed: false, format);
    }
}
