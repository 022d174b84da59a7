using System.Runtime.CompilerServices;

namespace System.Runtime.InteropServices
{
    public static class MemoryMarshal
    {
        public static ref T GetReference<T>(Span<T> span) => ref span._reference;

        public static ref T GetReference<T>(ReadOnlySpan<T> span) => ref span._reference;

        public static Span<T> CreateSpan<T>(ref T reference, int length) => new Span<T>(ref reference, length);

        public static ReadOnlySpan<T> CreateReadOnlySpan<T>(scoped ref readonly T reference, int length) =>
            new ReadOnlySpan<T>(ref Unsafe.AsRef(in reference), length);

        public static Span<byte> AsBytes<T>(Span<T> span) where T : struct =>
            new Span<byte>(ref Unsafe.As<T, byte>(ref span._reference), checked(span.Length * Unsafe.SizeOf<T>()));

        public static ReadOnlySpan<byte> AsBytes<T>(ReadOnlySpan<T> span) where T : struct =>
            new ReadOnlySpan<byte>(ref Unsafe.As<T, byte>(ref span._reference), checked(span.Length * Unsafe.SizeOf<T>()));

        public static T Read<T>(ReadOnlySpan<byte> source) where T : struct
        {
            if (Unsafe.SizeOf<T>() > source.Length) ThrowHelper.ThrowArgumentOutOfRange();
            return Unsafe.As<byte, T>(ref source._reference);
        }

        public static void Write<T>(Span<byte> destination, in T value) where T : struct
        {
            if (Unsafe.SizeOf<T>() > destination.Length) ThrowHelper.ThrowArgumentOutOfRange();
            Unsafe.As<byte, T>(ref destination._reference) = value;
        }
    }
}
