using System;
using Zos.Hal.Drivers;
using Zos.Kernel.Hashing;

namespace Zos.Kernel.KeyValue
{
    // One put or delete inside a frame's payload; records follow one another
    // without padding. Layout (little-endian):
    //   0 CRC-32C of the frame's sequence (8 bytes) then bytes 4..end
    //   4 kind (1 put, 2 delete)   5 zero   6 key length   8 value length   12 key, then value
    // Each record has its own checksum so that a Get reads and checks just its
    // record, not the whole frame; the sequence inside the checksum ties the
    // record to the frame the index found it in.
    public static class LogRecord
    {
        public const int HeaderBytes = 12;
        public const byte Put = 1;
        public const byte Delete = 2;

        public static int SizeOf(int keyBytes, int valueBytes) => HeaderBytes + keyBytes + valueBytes;

        // Writes the record at into[0..]; value is null for a delete.
        public static void Encode(Span<byte> into, ulong sequence, byte[] key, byte[] value)
        {
            int valueBytes = value is null ? 0 : value.Length;
            into[4] = value is null ? Delete : Put;
            into[5] = 0;
            LittleEndian.Put16(into, 6, (ushort)key.Length);
            LittleEndian.Put32(into, 8, (uint)valueBytes);
            key.AsSpan().CopyTo(into.Slice(HeaderBytes));
            if (value is not null) value.AsSpan().CopyTo(into.Slice(HeaderBytes + key.Length));
            LittleEndian.Put32(into, 0, Checksum(into.Slice(0, SizeOf(key.Length, valueBytes)), sequence));
        }

        private static uint Checksum(ReadOnlySpan<byte> record, ulong sequence) =>
            Crc32C.Finish(Crc32C.Append(Crc32C.AppendLittleEndian(Crc32C.Start, sequence), record.Slice(4)));

        // The record at the start of from: its size, kind and lengths, or null
        // with why it is not one (too short, unknown kind, impossible lengths,
        // checksum, unless told not to look again). A torn frame ends in such a record.
        public static string Decode(ReadOnlySpan<byte> from, ulong sequence, bool verifyChecksum, out byte kind, out int keyBytes, out int valueBytes)
        {
            kind = 0;
            keyBytes = 0;
            valueBytes = 0;
            if (from.Length < HeaderBytes) return "cut short";
            kind = from[4];
            keyBytes = LittleEndian.Get16(from, 6);
            uint value = LittleEndian.Get32(from, 8);
            if ((kind != Put && kind != Delete) || from[5] != 0) return "unknown kind " + kind.ToString();
            if (keyBytes > KeyValueLimits.MaxKeyBytes) return "a " + keyBytes.ToString() + "-byte key";
            if (value > KeyValueLimits.MaxValueBytes || (kind == Delete && value != 0)) return "a " + value.ToString() + "-byte value";
            valueBytes = (int)value;
            if (from.Length < SizeOf(keyBytes, valueBytes)) return "cut short";
            if (verifyChecksum && LittleEndian.Get32(from, 0) != Checksum(from.Slice(0, SizeOf(keyBytes, valueBytes)), sequence)) return "checksum mismatch";
            return null;
        }
    }
}
