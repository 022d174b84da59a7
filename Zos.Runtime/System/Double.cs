namespace System
{
#pragma warning disable CS1718 // x == x is the NaN test
    public readonly struct Double : IEquatable<double>, IFormattable
    {
        private readonly double m_value;

        public static bool IsNaN(double d) => !(d == d);

        public override string ToString() => FormatFixed(m_value);

        // Zos has one floating-point format (FormatFixed), so the format is ignored.
        public string ToString(string format, IFormatProvider provider) => ToString();

        public bool Equals(double obj) => m_value == obj || (IsNaN(m_value) && IsNaN(obj));

        public override bool Equals(object obj) => obj is double other && Equals(other);

        public override unsafe int GetHashCode() { double v = m_value; return ((long*)&v)->GetHashCode(); }

        // Diagnostics-grade formatting: sign, integer part, three decimals. Not round-trippable.
        internal static string FormatFixed(double value)
        {
            if (IsNaN(value)) return "NaN";
            if (value > 9.2e18) return "Infinity";
            if (value < -9.2e18) return "-Infinity";
            bool negative = value < 0;
            if (negative) value = -value;
            long scaled = (long)(value * 1000 + 0.5);
            string fraction = Number.FormatInteger((ulong)(scaled % 1000), 64, signed: false, "D3");
            return string.Concat(negative ? "-" : "", Number.FormatUnsigned((ulong)(scaled / 1000)), ".", fraction);
        }
    }
}
