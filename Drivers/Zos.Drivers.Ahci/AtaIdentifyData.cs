using System;

namespace Zos.Drivers.Ahci
{
    // What IDENTIFY DEVICE's 256 words say about an ATA device (ACS-3, 7.12.7,
    // table 45). Parse refuses data no working device sends, with the reason.
    public sealed class AtaIdentifyData
    {
        public const int Bytes = 512;
        public const int SectorBytes = 512;
        // Word 255 bits 7:0 when the checksum in bits 15:8 is valid (ACS-3 7.12.7.88).
        public const byte ChecksumSignature = 0xA5;

        public string Model { get; private set; }
        public string Serial { get; private set; }
        public string Firmware { get; private set; }
        // The 48-bit feature set (word 83 bit 10): EXT and FPDMA commands.
        public bool Supports48Bit { get; private set; }
        // User addressable logical sectors: words 100-103 with 48-bit support, else 60-61.
        public ulong Sectors { get; private set; }
        // Bytes per logical sector (word 106 bit 12, words 117-118), 512 otherwise.
        public int LogicalSectorBytes { get; private set; }
        // Bytes per physical sector (word 106 bit 13 and bits 3:0: 2^n logical sectors each).
        public int PhysicalSectorBytes { get; private set; }
        // NCQ (word 76 bit 8) and its depth (word 75 bits 4:0, plus one).
        public bool SupportsNcq { get; private set; }
        public int QueueDepth { get; private set; }
        // Volatile write cache supported (word 82 bit 5) and enabled (word 85 bit 5).
        public bool WriteCacheSupported { get; private set; }
        public bool WriteCacheEnabled { get; private set; }
        // FLUSH CACHE EXT (word 83 bit 13).
        public bool SupportsFlushCacheExt { get; private set; }
        // DATA SET MANAGEMENT with TRIM (word 169 bit 0).
        public bool SupportsTrim { get; private set; }
        public ulong CapacityBytes => Sectors * (ulong)LogicalSectorBytes;

        // The parsed data, or the reason it makes no sense.
        public static string Parse(ReadOnlySpan<byte> data, out AtaIdentifyData identify)
        {
            identify = null;
            if (data.Length != Bytes) return "IDENTIFY DEVICE data of " + data.Length.ToString() + " bytes, not 512";
            if (AllBytesAre(data, 0x00)) return "IDENTIFY DEVICE data is all zeros (nothing was transferred)";
            if (AllBytesAre(data, 0xFF)) return "IDENTIFY DEVICE data is all ones (no device answered)";
            // Word 255: signature 0xA5 means the checksum is valid: all 512 bytes sum to 0 (mod 256).
            if ((byte)Word(data, 255) == ChecksumSignature)
            {
                byte sum = 0;
                for (int i = 0; i < Bytes; i++) sum += data[i];
                if (sum != 0)
                    return "IDENTIFY DEVICE checksum is wrong: the bytes sum to 0x" + sum.ToString("x2") + " (word 255 0x" + Word(data, 255).ToString("x4") + ")";
            }
            // Word 0 bit 15: 0 for an ATA device (1: ATAPI, which answers IDENTIFY PACKET DEVICE).
            if ((Word(data, 0) & 0x8000) != 0) return "IDENTIFY DEVICE word 0 is 0x" + Word(data, 0).ToString("x4") + ": not an ATA device";
            // Word 49 bit 9: LBA addressing; CHS-only devices are not driven.
            if ((Word(data, 49) & 0x0200) == 0) return "the device does not support LBA addressing (word 49 0x" + Word(data, 49).ToString("x4") + ")";

            var parsed = new AtaIdentifyData
            {
                Serial = Text(data, 10, 10),
                Firmware = Text(data, 23, 4),
                Model = Text(data, 27, 20),
            };
            // Words 82-84 hold meaning only when word 83 bits 15:14 are 01; words 85-87 likewise with word 87.
            bool supportedValid = (Word(data, 83) & 0xC000) == 0x4000;
            bool enabledValid = (Word(data, 87) & 0xC000) == 0x4000;
            parsed.Supports48Bit = supportedValid && (Word(data, 83) & (1 << 10)) != 0;
            parsed.SupportsFlushCacheExt = supportedValid && (Word(data, 83) & (1 << 13)) != 0;
            parsed.WriteCacheSupported = supportedValid && (Word(data, 82) & (1 << 5)) != 0;
            parsed.WriteCacheEnabled = parsed.WriteCacheSupported && enabledValid && (Word(data, 85) & (1 << 5)) != 0;
            // Word 76: 0x0000 or 0xFFFF is not a SATA device.
            ushort sata = Word(data, 76);
            parsed.SupportsNcq = sata != 0 && sata != 0xFFFF && (sata & (1 << 8)) != 0;
            parsed.QueueDepth = parsed.SupportsNcq ? (Word(data, 75) & 0x1F) + 1 : 1;
            parsed.SupportsTrim = (Word(data, 169) & 1) != 0;

            parsed.Sectors = parsed.Supports48Bit
                ? Word(data, 100) | (ulong)Word(data, 101) << 16 | (ulong)Word(data, 102) << 32 | (ulong)Word(data, 103) << 48
                : Word(data, 60) | (ulong)Word(data, 61) << 16;
            if (parsed.Sectors == 0)
                return "IDENTIFY DEVICE reports a capacity of 0 sectors (words " + (parsed.Supports48Bit ? "100-103" : "60-61") + ")";
            if (parsed.Supports48Bit && parsed.Sectors > AtaCommand.Lba48Limit)
                return "IDENTIFY DEVICE reports " + parsed.Sectors.ToString() + " sectors, beyond 48-bit addressing";

            string sizes = SectorSizes(data, parsed);
            if (sizes is not null) return sizes;
            identify = parsed;
            return null;
        }

        // Word 106 is valid when bit 15 is 0 and bit 14 is 1 (ACS-3 7.12.7.44).
        private static string SectorSizes(ReadOnlySpan<byte> data, AtaIdentifyData parsed)
        {
            ushort w106 = Word(data, 106);
            parsed.LogicalSectorBytes = SectorBytes;
            parsed.PhysicalSectorBytes = SectorBytes;
            if ((w106 & 0xC000) != 0x4000) return null;
            if ((w106 & (1 << 12)) != 0)
            {
                // Words 117-118: logical sector size in 16-bit words.
                ulong words = Word(data, 117) | (ulong)Word(data, 118) << 16;
                if (words < 256 || words > 32768)
                    return "IDENTIFY DEVICE reports a logical sector of " + words.ToString() + " words (words 117-118); 256 to 32768 make sense";
                parsed.LogicalSectorBytes = (int)(words * 2);
                if (parsed.LogicalSectorBytes % SectorBytes != 0)
                    return "IDENTIFY DEVICE reports a logical sector of " + parsed.LogicalSectorBytes.ToString() + " bytes, not a multiple of 512";
            }
            int perPhysicalLog2 = (w106 & (1 << 13)) != 0 ? w106 & 0xF : 0;
            if (perPhysicalLog2 > 7)
                return "IDENTIFY DEVICE reports 2^" + perPhysicalLog2.ToString() + " logical sectors per physical sector (word 106 0x" + w106.ToString("x4") + ")";
            parsed.PhysicalSectorBytes = parsed.LogicalSectorBytes << perPhysicalLog2;
            return null;
        }

        public static ushort Word(ReadOnlySpan<byte> data, int word) => (ushort)(data[2 * word] | data[2 * word + 1] << 8);

        // ATA strings hold two characters per word, the first in bits 15:8
        // (ACS-3 3.4.9); trailing spaces pad them. Unprintable bytes show as '?'.
        public static string Text(ReadOnlySpan<byte> data, int firstWord, int words)
        {
            var chars = new char[words * 2];
            for (int i = 0; i < words; i++)
            {
                chars[2 * i] = Printable(data[2 * (firstWord + i) + 1]);
                chars[2 * i + 1] = Printable(data[2 * (firstWord + i)]);
            }
            int length = chars.Length;
            while (length > 0 && chars[length - 1] == ' ') length--;
            int start = 0;
            while (start < length && chars[start] == ' ') start++;
            return new string(chars, start, length - start);
        }

        private static char Printable(byte b) => b == 0 ? ' ' : b >= 0x20 && b < 0x7F ? (char)b : '?';

        private static bool AllBytesAre(ReadOnlySpan<byte> data, byte value)
        {
            for (int i = 0; i < data.Length; i++)
                if (data[i] != value) return false;
            return true;
        }

        public override string ToString() =>
            Model + " (serial " + Serial + ", firmware " + Firmware + "): " + Sectors.ToString() + " sectors of " + LogicalSectorBytes.ToString()
            + " bytes" + (PhysicalSectorBytes != LogicalSectorBytes ? " (" + PhysicalSectorBytes.ToString() + "-byte physical)" : "")
            + (Supports48Bit ? ", 48-bit" : ", 28-bit") + (SupportsNcq ? ", NCQ depth " + QueueDepth.ToString() : "")
            + (WriteCacheEnabled ? ", write cache on" : WriteCacheSupported ? ", write cache off" : "")
            + (SupportsFlushCacheExt ? ", FLUSH CACHE EXT" : "") + (SupportsTrim ? ", TRIM" : "");
    }
}
