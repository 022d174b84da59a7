namespace Zos.Hal.Capabilities.Granting
{
    // Moves DMA buffer bytes to and from managed memory eight bytes per load and
    // store, 64 per loop step. The corlib's Memmove goes a byte at a time, and
    // under TCG every guest load and store is a TLB lookup of its own, so for a
    // 1 MiB read that alone cost milliseconds. The two ranges never overlap (a
    // DMA buffer's frames are not heap memory).
    internal static unsafe class RamCopy
    {
        public static void Copy(byte* destination, byte* source, nuint length)
        {
            while (length >= 64)
            {
                ulong* d = (ulong*)destination;
                ulong* s = (ulong*)source;
                d[0] = s[0];
                d[1] = s[1];
                d[2] = s[2];
                d[3] = s[3];
                d[4] = s[4];
                d[5] = s[5];
                d[6] = s[6];
                d[7] = s[7];
                destination += 64;
                source += 64;
                length -= 64;
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

        public static void Clear(byte* destination, nuint length)
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
    }
}
