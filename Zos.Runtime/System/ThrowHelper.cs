namespace System
{
    // Throw sites kept out of line so that the callers stay small.
    internal static class ThrowHelper
    {
        public static void ThrowIndexOutOfRange() => throw new IndexOutOfRangeException();
        public static void ThrowArgumentOutOfRange() => throw new ArgumentOutOfRangeException();
        public static void ThrowArgumentNull() => throw new ArgumentNullException();
        public static void ThrowArgument(string message) => throw new ArgumentException(message);
        public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
    }
}
