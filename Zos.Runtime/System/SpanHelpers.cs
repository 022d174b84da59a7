namespace System
{
    // Block copy and fill helpers ilc calls by name for cpblk/initblk.
    internal static class SpanHelpers
    {
        public static unsafe void Memmove(ref byte destination, ref byte source, nuint length)
        {
            fixed (byte* d = &destination)
            fixed (byte* s = &source)
                Buffer.Memmove(d, s, length);
        }

        public static unsafe void ClearWithoutReferences(ref byte destination, nuint length)
        {
            fixed (byte* d = &destination)
                Buffer.Clear(d, length);
        }

        public static unsafe void Fill(ref byte destination, byte value, nuint length)
        {
            fixed (byte* d = &destination)
                for (nuint i = 0; i < length; i++) d[i] = value;
        }
    }
}
