namespace System
{
    public static class Math
    {
        public static int Min(int val1, int val2) => val1 <= val2 ? val1 : val2;
        public static long Min(long val1, long val2) => val1 <= val2 ? val1 : val2;
        public static ulong Min(ulong val1, ulong val2) => val1 <= val2 ? val1 : val2;
        public static int Max(int val1, int val2) => val1 >= val2 ? val1 : val2;
        public static long Max(long val1, long val2) => val1 >= val2 ? val1 : val2;
        public static ulong Max(ulong val1, ulong val2) => val1 >= val2 ? val1 : val2;
        public static int Abs(int value) => value >= 0 ? value : value == int.MinValue ? throw new OverflowException() : -value;
        public static long Abs(long value) => value >= 0 ? value : value == long.MinValue ? throw new OverflowException() : -value;

        // Helpers ilc calls by name for checked conversions and multiplications.
        internal static int ConvertToInt32Checked(double value) =>
            value > -2147483649.0 && value < 2147483648.0 ? (int)value : throw new OverflowException();

        internal static uint ConvertToUInt32Checked(double value) =>
            value > -1.0 && value < 4294967296.0 ? (uint)value : throw new OverflowException();

        internal static long ConvertToInt64Checked(double value) =>
            value >= -9223372036854775808.0 && value < 9223372036854775808.0 ? (long)value : throw new OverflowException();

        internal static ulong ConvertToUInt64Checked(double value) =>
            value > -1.0 && value < 18446744073709551616.0 ? (ulong)value : throw new OverflowException();

        internal static long MultiplyChecked(long left, long right)
        {
            long result = unchecked(left * right);
            if (left != 0 && (result / left != right || (left == -1 && right == long.MinValue))) throw new OverflowException();
            return result;
        }

        internal static ulong MultiplyChecked(ulong left, ulong right)
        {
            ulong result = unchecked(left * right);
            if (left != 0 && result / left != right) throw new OverflowException();
            return result;
        }
    }
}
