namespace System
{
    public readonly struct UInt32 : IEquatable<uint>, IFormattable
    {
        private readonly uint m_value;

        public const uint MaxValue = 0xFFFFFFFF;
        public const uint MinValue = 0U;

        public override string ToString() => Number.FormatUnsigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((uint)m_value), 32, signed: false, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(uint obj) => m_value == obj;

        public override bool Equals(object obj) => obj is uint other && m_value == other;

        public override int GetHashCode() => (int)m_value;
    }
}
