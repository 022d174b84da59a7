namespace System
{
    // Integer formatting for ToString and string interpolation: decimal ("D", or no
    // format), hexadecimal ("x"/"X" with an optional digit count, two's complement
    // of the value's own width).
    internal static class Number
    {
        public static string FormatSigned(long value)
        {
            if (value >= 0) return FormatUnsigned((ulong)value);
            return FormatDecimal(unchecked((ulong)(-value)), negative: true, minDigits: 1);
        }

        public static string FormatUnsigned(ulong value) => FormatDecimal(value, negative: false, minDigits: 1);

        public static string FormatInteger(ulong bits, int width, bool signed, string format)
        {
            char kind = format is null || format.Length == 0 ? 'D' : format[0];
            int digits = format is null || format.Length < 2 ? 1 : ParseDigits(format);
            if (kind == 'x' || kind == 'X') return FormatHex(bits, digits, kind == 'X');
            if (kind != 'D' && kind != 'd' && kind != 'G' && kind != 'g' && kind != 'N' && kind != 'n')
                throw new FormatException("Zos formats integers with D or X only.");
            if (signed && width < 64)
            {
                int shift = 64 - width;
                long value = (long)(bits << shift) >> shift;
                return value < 0 ? FormatDecimal(unchecked((ulong)(-value)), true, digits) : FormatDecimal((ulong)value, false, digits);
            }
            if (signed && (long)bits < 0) return FormatDecimal(unchecked((ulong)(-(long)bits)), true, digits);
            return FormatDecimal(bits, false, digits);
        }

        public static string FormatHex(ulong value, int minDigits, bool upper)
        {
            int digits = 1;
            for (ulong v = value >> 4; v != 0; v >>= 4) digits++;
            if (digits < minDigits) digits = minDigits;
            string result = string.FastAllocateString(digits);
            unsafe
            {
                fixed (char* p = result)
                {
                    for (int i = digits - 1; i >= 0; i--)
                    {
                        int nibble = (int)(value & 0xF);
                        p[i] = (char)(nibble < 10 ? '0' + nibble : (upper ? 'A' : 'a') + nibble - 10);
                        value >>= 4;
                    }
                }
            }
            return result;
        }

        private static string FormatDecimal(ulong magnitude, bool negative, int minDigits)
        {
            int digits = 1;
            for (ulong v = magnitude / 10; v != 0; v /= 10) digits++;
            if (digits < minDigits) digits = minDigits;
            int length = digits + (negative ? 1 : 0);
            string result = string.FastAllocateString(length);
            unsafe
            {
                fixed (char* p = result)
                {
                    if (negative) p[0] = '-';
                    for (int i = length - 1; i >= length - digits; i--)
                    {
                        p[i] = (char)('0' + (int)(magnitude % 10));
                        magnitude /= 10;
                    }
                }
            }
            return result;
        }

        private static int ParseDigits(string format)
        {
            int n = 0;
            for (int i = 1; i < format.Length; i++)
            {
                char c = format[i];
                if (c < '0' || c > '9') throw new FormatException("Bad digit count in numeric format.");
                n = n * 10 + (c - '0');
            }
            return n;
        }
    }
}
