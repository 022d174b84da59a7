namespace System
{
    public readonly struct UInt16 : IEquatable<ushort>, IFormattable
    {
        private readonly ushort m_value;

        public const ushort MaxValue = 0xFFFF;
        public const ushort MinValue = 0;

        public override string ToString() => Number.FormatUnsigned(m_value);

        public string ToString(string format) => Number.FormatInteger(unchecked((ushort)m_value), 16, signed: false, format);

        public string ToString(string format, IFormatProvider provider) => ToString(format);

        public bool Equals(ushort obj) => m_value == obj;

        public override bool Equals(object obj) => obj is ushort other && m_value == other;

        public override int GetHashCode() => m_value;
    }
}
