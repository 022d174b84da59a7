namespace System
{
    public static class Buffer
    {
        internal static unsafe void Memmove(byte* destination, byte* source, nuint length)
        {
            if (destination > source && destination < source + length)
                for (nuint i = length; i > 0; i--) destination[i - 1] = source[i - 1];
            else
                for (nuint i = 0; i < length; i++) destination[i] = source[i];
        }

        internal static unsafe void Clear(byte* destination, nuint length)
        {
            for (nuint i = 0; i < length; i++) destination[i] = 0;
        }

        // ilc's helper for copying structs that hold references; the Zos heap has no write barrier yet.
        internal static unsafe void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount)
        {
            fixed (byte* d = &destination)
            fixed (byte* s = &source)
                Memmove(d, s, byteCount);
        }
    }
}
