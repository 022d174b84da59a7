using System;
using Zos.Hal.Drivers;
using Zos.Kernel.Hashing;

namespace Zos.Kernel.KeyValue
{
    // The first 64 bytes of a frame, the unit the log is written in: one group
    // commit, one write and one flush, starting on a sector of its own
    // (docs/storage.md). Layout (little-endian):
    //   0 magic "ZKVF"   4 CRC-32C of bytes 8..63   8 store id   16 epoch
    //   24 sequence   32 payload bytes   36 record count   40 the previous frame's header CRC
    // The records follow at byte 64; the frame is padded to whole sectors.
    public struct FrameHeader
    {
        public const int Bytes = 64;
        public const uint Magic = 0x46564B5A; // "ZKVF"

        public ulong StoreId;
        public ulong Epoch;
        public ulong Sequence;
        public int PayloadBytes;
        public int RecordCount;
        // Chains the frames: a frame is the successor only of the one whose header it names.
        public uint PreviousChecksum;
        // The CRC in the header as read or written: what the next frame's PreviousChecksum names.
        public uint Checksum;

        public static int SectorsFor(int payloadBytes, int sectorSize) => (Bytes + payloadBytes + sectorSize - 1) / sectorSize;

        public void Encode(Span<byte> into)
        {
            into.Slice(0, Bytes).Clear();
            LittleEndian.Put32(into, 0, Magic);
            LittleEndian.Put64(into, 8, StoreId);
            LittleEndian.Put64(into, 16, Epoch);
            LittleEndian.Put64(into, 24, Sequence);
            LittleEndian.Put32(into, 32, (uint)PayloadBytes);
            LittleEndian.Put32(into, 36, (uint)RecordCount);
            LittleEndian.Put32(into, 40, PreviousChecksum);
            Checksum = Crc32C.Of(into.Slice(8, Bytes - 8));
            LittleEndian.Put32(into, 4, Checksum);
        }

        // True when those bytes hold a frame header (magic and checksum right);
        // false for a torn or never-written sector, or damage. A header whose
        // lengths no frame can have comes back with impossible saying why: the
        // store never writes one, so only damage makes it.
        public static bool TryDecode(ReadOnlySpan<byte> from, out FrameHeader header, out string impossible)
        {
            header = default;
            impossible = null;
            if (LittleEndian.Get32(from, 0) != Magic) return false;
            uint checksum = LittleEndian.Get32(from, 4);
            if (checksum != Crc32C.Of(from.Slice(8, Bytes - 8))) return false;
            uint payload = LittleEndian.Get32(from, 32);
            uint records = LittleEndian.Get32(from, 36);
            if (payload > KeyValueLimits.MaxFramePayloadBytes)
                impossible = "claims " + payload.ToString() + " bytes of records, more than a frame holds (" + KeyValueLimits.MaxFramePayloadBytes.ToString() + ")";
            else if (records > payload / LogRecord.HeaderBytes)
                impossible = "claims " + records.ToString() + " records in " + payload.ToString() + " bytes";
            header = new FrameHeader
            {
                StoreId = LittleEndian.Get64(from, 8),
                Epoch = LittleEndian.Get64(from, 16),
                Sequence = LittleEndian.Get64(from, 24),
                PayloadBytes = (int)payload,
                RecordCount = (int)records,
                PreviousChecksum = LittleEndian.Get32(from, 40),
                Checksum = checksum,
            };
            return true;
        }
    }
}
