namespace System
{
    public readonly struct Byte : IEquatable<byte>, IFormattable
    {
        private readonly byte m_value;

        public const byte MaxValue = 0xFF;
        public const byte MinValue = 0;

        public override string ToString() => Number.FormatUnsigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((byte)m_value), 8, signed: false, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(byte obj) => m_value == obj;

        public override bool Equals(object obj) => obj is byte other && m_value == other;

        public override int GetHashCode() => m_value;
    }
}
