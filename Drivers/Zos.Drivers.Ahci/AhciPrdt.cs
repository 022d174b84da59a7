using System;

namespace Zos.Drivers.Ahci
{
    // The physical region descriptor table of a command (AHCI 1.3.1, 4.2.3.3):
    // 16 bytes per entry, DBA/DBAU the data's address (bit 0 reserved: word
    // aligned), DW3 bits 21:0 the byte count minus one (bit 0 must be 1: an
    // even count), bit 31 an interrupt on completion of that entry. One
    // entry moves at most 4 MiB.
    public static class AhciPrdt
    {
        public const int EntryBytes = 16;
        public const int MaxEntryBytes = 4 * 1024 * 1024;
        public const uint ByteCountMask = 0x3FFFFF;

        // How many entries `bytes` take.
        public static int EntriesFor(long bytes) => bytes <= 0 ? 0 : (int)((bytes + MaxEntryBytes - 1) / MaxEntryBytes);

        // Describes [address, address + bytes) in 4 MiB pieces; returns the
        // number of entries, or -1 when they would not fit in `maxEntries`.
        // Odd addresses and counts are the caller's bug: the HBA cannot express them.
        public static int Build(Span<byte> into, ulong address, long bytes, int maxEntries)
        {
            if (bytes <= 0) throw new ArgumentOutOfRangeException("bytes", "a PRDT describes at least 2 bytes, not " + bytes.ToString());
            if ((bytes & 1) != 0) throw new ArgumentException("a PRD entry moves an even number of bytes, not " + bytes.ToString());
            if ((address & 1) != 0) throw new ArgumentException("a PRD entry's address is word aligned, not 0x" + address.ToString("x"));
            int entries = EntriesFor(bytes);
            if (entries > maxEntries) return -1;
            if (into.Length < entries * EntryBytes) throw new ArgumentException("the PRDT space holds fewer than " + entries.ToString() + " entries");
            for (int i = 0; i < entries; i++)
            {
                long piece = bytes - (long)i * MaxEntryBytes;
                if (piece > MaxEntryBytes) piece = MaxEntryBytes;
                ulong at = address + (ulong)i * MaxEntryBytes;
                Span<byte> entry = into.Slice(i * EntryBytes, EntryBytes);
                AhciCommandHeader.PutDword(entry, 0, (uint)at);
                AhciCommandHeader.PutDword(entry, 4, (uint)(at >> 32));
                AhciCommandHeader.PutDword(entry, 8, 0);
                AhciCommandHeader.PutDword(entry, 12, (uint)(piece - 1) & ByteCountMask);
            }
            return entries;
        }
    }
}
