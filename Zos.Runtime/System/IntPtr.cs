namespace System
{
    public readonly unsafe struct IntPtr : IEquatable<nint>, IFormattable
    {
        private readonly void* _value;

        public static readonly nint Zero;

        public IntPtr(int value) { _value = (void*)value; }
        public IntPtr(long value) { _value = (void*)value; }
        public IntPtr(void* value) { _value = value; }

        public static int Size => sizeof(nint);
        public static nint MaxValue => unchecked((nint)long.MaxValue);
        public static nint MinValue => unchecked((nint)long.MinValue);

        public void* ToPointer() => _value;
        public long ToInt64() => (long)_value;
        public int ToInt32() => (int)(long)_value;

        public static explicit operator nint(void* value) => new IntPtr(value);
        public static explicit operator void*(nint value) => value.ToPointer();
        public static explicit operator long(nint value) => value.ToInt64();
        public static explicit operator int(nint value) => value.ToInt32();
        public static explicit operator nint(long value) => new IntPtr(value);
        public static explicit operator nint(int value) => new IntPtr(value);

        public bool Equals(nint other) => _value == other.ToPointer();
        public override bool Equals(object obj) => obj is nint other && Equals(other);
        public override int GetHashCode() => ((long)_value).GetHashCode();
        public override string ToString() => ((long)_value).ToString();
        public string ToString(string format, IFormatProvider provider) => Number.FormatInteger((ulong)_value, 64, signed: true, format);
    }
}
