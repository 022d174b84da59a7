namespace System
{
#pragma warning disable CS1718 // x == x is the NaN test
    public readonly struct Single : IEquatable<float>, IFormattable
    {
        private readonly float m_value;

        public static bool IsNaN(float d) => !(d == d);

        public override string ToString() => Double.FormatFixed(m_value);

        // Zos has one floating-point format (Double.FormatFixed), so the format is ignored.
        public string ToString(string format, IFormatProvider provider) => ToString();

        public bool Equals(float obj) => m_value == obj || (IsNaN(m_value) && IsNaN(obj));

        public override bool Equals(object obj) => obj is float other && Equals(other);

        public override unsafe int GetHashCode() { float v = m_value; return *(int*)&v; }
    }
}
