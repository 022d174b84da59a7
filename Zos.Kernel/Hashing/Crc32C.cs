using System;

namespace Zos.Kernel.Hashing
{
    // CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78; RFC 3720
    // B.4): what ext4, btrfs and iSCSI checksum their metadata with. It finds
    // every burst error up to 32 bits and every error of up to 5 bits in the
    // key-value store's records, where SHA-256 would cost several times more
    // for no gain against torn writes and bit rot (it is no defence against
    // an attacker, and the store does not claim one).
    public static class Crc32C
    {
        private static readonly uint[] s_table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint crc = i;
                for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? crc >> 1 ^ 0x82F63B78u : crc >> 1;
                table[i] = crc;
            }
            return table;
        }

        public static uint Of(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

        // For data in pieces: Finish(Append(Append(Start, a), b)) == Of(a + b).
        public const uint Start = 0xFFFFFFFFu;

        public static uint Append(uint running, ReadOnlySpan<byte> data)
        {
            uint[] table = s_table;
            for (int i = 0; i < data.Length; i++) running = table[(running ^ data[i]) & 0xFF] ^ running >> 8;
            return running;
        }

        // The eight bytes of value, least significant first.
        public static uint AppendLittleEndian(uint running, ulong value)
        {
            uint[] table = s_table;
            for (int i = 0; i < 8; i++, value >>= 8) running = table[(running ^ (byte)value) & 0xFF] ^ running >> 8;
            return running;
        }

        public static uint Finish(uint running) => ~running;
    }
}
