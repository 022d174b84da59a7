using System;

namespace Zos.Hal.Drivers
{
    // Little-endian fields in byte spans: device structures (queue entries,
    // identify data) as drivers build and read them, without unsafe casts. Part
    // of the driver API (the namespaces open to drivers); the kernel's on-disk
    // formats (the key-value store's) use it too.
    public static class LittleEndian
    {
        public static ushort Get16(ReadOnlySpan<byte> from, int offset) => (ushort)(from[offset] | from[offset + 1] << 8);

        public static uint Get32(ReadOnlySpan<byte> from, int offset) => Get16(from, offset) | (uint)Get16(from, offset + 2) << 16;

        public static ulong Get64(ReadOnlySpan<byte> from, int offset) => Get32(from, offset) | (ulong)Get32(from, offset + 4) << 32;

        public static void Put16(Span<byte> into, int offset, ushort value)
        {
            into[offset] = (byte)value;
            into[offset + 1] = (byte)(value >> 8);
        }

        public static void Put32(Span<byte> into, int offset, uint value)
        {
            into[offset] = (byte)value;
            into[offset + 1] = (byte)(value >> 8);
            into[offset + 2] = (byte)(value >> 16);
            into[offset + 3] = (byte)(value >> 24);
        }

        public static void Put64(Span<byte> into, int offset, ulong value)
        {
            Put32(into, offset, (uint)value);
            Put32(into, offset + 4, (uint)(value >> 32));
        }
    }
}
