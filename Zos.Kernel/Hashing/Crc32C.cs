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
        // Slicing-by-8 (Kounavis and Berry, Intel 2005): table k holds the CRC of
        // a byte followed by k zero bytes, so eight bytes take eight lookups and
        // no dependency chain through the running value between them.
        private static readonly uint[] s_table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[8 * 256];
            for (uint i = 0; i < 256; i++)
            {
                uint crc = i;
                for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? crc >> 1 ^ 0x82F63B78u : crc >> 1;
                table[i] = crc;
            }
            for (int i = 0; i < 256; i++)
                for (int k = 1; k < 8; k++) table[k * 256 + i] = table[(k - 1) * 256 + i] >> 8 ^ table[table[(k - 1) * 256 + i] & 0xFF];
            return table;
        }

        public static uint Of(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

        // For data in pieces: Finish(Append(Append(Start, a), b)) == Of(a + b).
        public const uint Start = 0xFFFFFFFFu;

        public static uint Append(uint running, ReadOnlySpan<byte> data)
        {
            uint[] t = s_table;
            int i = 0;
            for (; i + 8 <= data.Length; i += 8)
            {
                uint low = running ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
                uint high = (uint)(data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24);
                running = t[7 * 256 + (low & 0xFF)] ^ t[6 * 256 + (low >> 8 & 0xFF)] ^ t[5 * 256 + (low >> 16 & 0xFF)] ^ t[4 * 256 + (low >> 24)]
                    ^ t[3 * 256 + (high & 0xFF)] ^ t[2 * 256 + (high >> 8 & 0xFF)] ^ t[256 + (high >> 16 & 0xFF)] ^ t[high >> 24];
            }
            for (; i < data.Length; i++) running = t[(running ^ data[i]) & 0xFF] ^ running >> 8;
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
