namespace System
{
    public readonly struct Boolean : IEquatable<bool>
    {
        private readonly bool m_value;

        public static readonly string TrueString = "True";
        public static readonly string FalseString = "False";

        public override string ToString() => m_value ? "True" : "False";

        public bool Equals(bool obj) => m_value == obj;

        public override bool Equals(object obj) => obj is bool other && m_value == other;

        public override int GetHashCode() => m_value ? 1 : 0;
    }
}
