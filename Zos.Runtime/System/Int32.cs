namespace System
{
    public readonly struct Int32 : IEquatable<int>, IFormattable
    {
        private readonly int m_value;

        public const int MaxValue = 0x7FFFFFFF;
        public const int MinValue = unchecked((int)0x80000000);

        public override string ToString() => Number.FormatSigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((uint)m_value), 32, signed: true, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(int obj) => m_value == obj;

        public override bool Equals(object obj) => obj is int other && m_value == other;

        public override int GetHashCode() => m_value;
    }
}
