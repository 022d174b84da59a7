using System.Runtime.CompilerServices;

namespace System
{
    public static class MemoryExtensions
    {
        public static ReadOnlySpan<char> AsSpan(this string text) =>
            text is null ? default : new ReadOnlySpan<char>(ref Unsafe.AsRef(in text.GetPinnableReference()), text.Length);

        public static ReadOnlySpan<char> AsSpan(this string text, int start) => text.AsSpan().Slice(start);

        public static ReadOnlySpan<char> AsSpan(this string text, int start, int length) => text.AsSpan().Slice(start, length);

        public static Span<T> AsSpan<T>(this T[] array) => new Span<T>(array);

        public static Span<T> AsSpan<T>(this T[] array, int start, int length) => new Span<T>(array, start, length);

        public static bool SequenceEqual<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> other) where T : IEquatable<T>
        {
            if (span.Length != other.Length) return false;
            for (int i = 0; i < span.Length; i++)
                if (!span[i].Equals(other[i])) return false;
            return true;
        }

        public static bool SequenceEqual<T>(this Span<T> span, ReadOnlySpan<T> other) where T : IEquatable<T> =>
            ((ReadOnlySpan<T>)span).SequenceEqual(other);

        public static int IndexOf<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>
        {
            for (int i = 0; i < span.Length; i++)
                if (span[i].Equals(value)) return i;
            return -1;
        }

        public static int IndexOf<T>(this Span<T> span, T value) where T : IEquatable<T> =>
            ((ReadOnlySpan<T>)span).IndexOf(value);
    }
}
