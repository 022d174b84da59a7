namespace System
{
    public readonly struct SByte : IEquatable<sbyte>, IFormattable
    {
        private readonly sbyte m_value;

        public const sbyte MaxValue = 0x7F;
        public const sbyte MinValue = -0x80;

        public override string ToString() => Number.FormatSigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((byte)m_value), 8, signed: true, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(sbyte obj) => m_value == obj;

        public override bool Equals(object obj) => obj is sbyte other && m_value == other;

        public override int GetHashCode() => (int)m_value;
    }
}
