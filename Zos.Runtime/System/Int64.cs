namespace System
{
    public readonly struct Int64 : IEquatable<long>, IFormattable
    {
        private readonly long m_value;

        public const long MaxValue = 0x7FFFFFFFFFFFFFFF;
        public const long MinValue = unchecked((long)0x8000000000000000);

        public override string ToString() => Number.FormatSigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((ulong)m_value), 64, signed: true, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(long obj) => m_value == obj;

        public override bool Equals(object obj) => obj is long other && m_value == other;

        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
    }
}
