namespace System
{
    public readonly struct Char : IEquatable<char>, IFormattable
    {
        private readonly char m_value;

        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;

        public override string ToString() => string.FromChar(m_value);

        // Like the BCL's, explicit and blind to the format: a char prints as itself.
        string IFormattable.ToString(string format, IFormatProvider formatProvider) => ToString();

        public bool Equals(char obj) => m_value == obj;

        public override bool Equals(object obj) => obj is char other && m_value == other;

        public override int GetHashCode() => m_value;

        public static bool IsDigit(char c) => c >= '0' && c <= '9';

        public static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        public static bool IsWhiteSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0';

        public static char ToLowerInvariant(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;

        public static char ToUpperInvariant(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    }
}
