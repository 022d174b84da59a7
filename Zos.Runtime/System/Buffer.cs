namespace System
{
    public static class Buffer
    {
        // Eight bytes per load and store: under emulation every guest access
        // costs a lookup of its own, so a byte loop is eight times slower.
        internal static unsafe void Memmove(byte* destination, byte* source, nuint length)
        {
            if (destination > source && destination < source + length)
            {
                // Overlapping, destination above: from the end, each word read before it is written.
                while (length >= 8)
                {
                    length -= 8;
                    *(ulong*)(destination + length) = *(ulong*)(source + length);
                }
                while (length > 0)
                {
                    length--;
                    destination[length] = source[length];
                }
                return;
            }
            while (length >= 32)
            {
                ulong a = ((ulong*)source)[0], b = ((ulong*)source)[1], c = ((ulong*)source)[2], d = ((ulong*)source)[3];
                ((ulong*)destination)[0] = a;
                ((ulong*)destination)[1] = b;
                ((ulong*)destination)[2] = c;
                ((ulong*)destination)[3] = d;
                destination += 32;
                source += 32;
                length -= 32;
            }
            while (length >= 8)
            {
                *(ulong*)destination = *(ulong*)source;
                destination += 8;
                source += 8;
                length -= 8;
            }
            while (length > 0)
            {
                *destination++ = *source++;
                length--;
            }
        }

        internal static unsafe void Clear(byte* destination, nuint length)
        {
            while (length >= 8)
            {
                *(ulong*)destination = 0;
                destination += 8;
                length -= 8;
            }
            while (length > 0)
            {
                *destination++ = 0;
                length--;
            }
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
