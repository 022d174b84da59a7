namespace System
{
    public readonly struct Int16 : IEquatable<short>, IFormattable
    {
        private readonly short m_value;

        public const short MaxValue = 0x7FFF;
        public const short MinValue = -0x8000;

        public override string ToString() => Number.FormatSigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((ushort)m_value), 16, signed: true, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(short obj) => m_value == obj;

        public override bool Equals(object obj) => obj is short other && m_value == other;

        public override int GetHashCode() => (int)m_value;
    }
}
