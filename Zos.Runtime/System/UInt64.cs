namespace System
{
    public readonly struct UInt64 : IEquatable<ulong>, IFormattable
    {
        private readonly ulong m_value;

        public const ulong MaxValue = 0xFFFFFFFFFFFFFFFF;
        public const ulong MinValue = 0UL;

        public override string ToString() => Number.FormatUnsigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((ulong)m_value), 64, signed: false, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(ulong obj) => m_value == obj;

        public override bool Equals(object obj) => obj is ulong other && m_value == other;

        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
    }
}
