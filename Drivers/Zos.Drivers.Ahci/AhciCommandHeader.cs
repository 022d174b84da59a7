using System;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Ahci
{
    // One 32-byte entry of the command list (AHCI 1.3.1, 4.2.2).
    //   DW0: CFL (4:0, FIS length in dwords), A (5, ATAPI), W (6, write), PRDTL (31:16)
    //   DW1: PRDBC, the bytes the HBA transferred (it writes this)
    //   DW2/DW3: CTBA/CTBAU, the command table's address (128-byte aligned)
    public static class AhciCommandHeader
    {
        public const int Bytes = 32;
        public const uint Atapi = 1u << 5;
        public const uint Write = 1u << 6;
        public const int PrdtLengthShift = 16;
        public const int ByteCountOffset = 4;
        // CFL's bounds (4.2.2): at least 2 dwords, at most 16.
        public const int MinFisDwords = 2;
        public const int MaxFisDwords = 16;

        public static void Encode(Span<byte> into, int fisDwords, bool write, bool atapi, int prdEntries, ulong tableAddress)
        {
            if (into.Length < Bytes) throw new ArgumentException("a command header needs 32 bytes");
            if (fisDwords < MinFisDwords || fisDwords > MaxFisDwords)
                throw new ArgumentOutOfRangeException("fisDwords", "a command FIS is 2 to 16 dwords, not " + fisDwords.ToString());
            if (prdEntries < 0 || prdEntries > AhciPortMemory.MaxPrdEntries)
                throw new ArgumentOutOfRangeException("prdEntries", "PRDTL is 16 bits, not " + prdEntries.ToString());
            if ((tableAddress & (AhciPortMemory.TableAlignment - 1)) != 0)
                throw new ArgumentException("command table at 0x" + tableAddress.ToString("x") + " is not 128-byte aligned");
            into.Slice(0, Bytes).Clear();
            uint dw0 = (uint)fisDwords | (write ? Write : 0) | (atapi ? Atapi : 0) | (uint)prdEntries << PrdtLengthShift;
            PutDword(into, 0, dw0);
            // PRDBC starts at 0: the HBA counts up from there.
            PutDword(into, 8, (uint)tableAddress);
            PutDword(into, 12, (uint)(tableAddress >> 32));
        }

        internal static void PutDword(Span<byte> into, int offset, uint value) => LittleEndian.Put32(into, offset, value);
    }
}
