namespace Zos.Tests.Host.Ahci;

// IDENTIFY DEVICE data as a disk answers it, word by word from ACS-3
// 7.12.7 (table 45), with the checksum of word 255. Properties choose the
// disk; Build gives the 512 bytes.
public sealed class SimulatedIdentify
{
    public string Model { get; set; } = "ZOS SIMULATED SATA DISK";
    public string Serial { get; set; } = "SIM0001";
    public string Firmware { get; set; } = "1.0";
    public ulong Sectors { get; set; }
    public bool Lba48 { get; set; } = true;
    public int LogicalSectorBytes { get; set; } = 512;
    // log2 of logical sectors per physical sector (word 106 bits 3:0).
    public int LogicalPerPhysicalLog2 { get; set; }
    // 0: no NCQ; else the depth (word 75 holds depth - 1).
    public int NcqDepth { get; set; } = 32;
    public bool WriteCacheSupported { get; set; } = true;
    public bool WriteCacheEnabled { get; set; } = true;
    public bool FlushCacheExt { get; set; } = true;
    public bool Trim { get; set; }
    public bool Checksum { get; set; } = true;

    public byte[] Build()
    {
        var words = new ushort[256];
        words[0] = 0x0040;                                      // bit 15 = 0: ATA device; bit 6: fixed (obsolete but set by disks)
        PutString(words, 10, 10, Serial);                       // words 10-19: serial number
        PutString(words, 23, 4, Firmware);                      // words 23-26: firmware revision
        PutString(words, 27, 20, Model);                        // words 27-46: model number
        words[49] = 0x0300;                                     // bit 9 LBA, bit 8 DMA
        ulong sectors28 = Math.Min(Sectors, 0x0FFFFFFFUL);
        words[60] = (ushort)sectors28;                          // words 60-61: 28-bit capacity
        words[61] = (ushort)(sectors28 >> 16);
        if (NcqDepth > 0)
        {
            words[75] = (ushort)(NcqDepth - 1);                 // bits 4:0 queue depth - 1
            words[76] = 0x0100 | 0x0002;                        // bit 8 NCQ, bit 1 Gen1 speed
        }
        else words[76] = 0x0002;
        words[80] = 0x0400;                                     // major version: ACS-3 (bit 10)
        words[82] = (ushort)(0x4000 | (WriteCacheSupported ? 0x0020 : 0));   // bit 5 volatile write cache; bit 14 set by convention
        words[83] = (ushort)(0x4000 | (Lba48 ? 0x0400 : 0) | (FlushCacheExt ? 0x2000 : 0));   // bits 15:14 = 01, 10 48-bit, 13 FLUSH CACHE EXT
        words[84] = 0x4000;
        words[85] = (ushort)(WriteCacheEnabled ? 0x0020 : 0);    // bit 5 write cache enabled
        words[86] = (ushort)((Lba48 ? 0x0400 : 0) | (FlushCacheExt ? 0x2000 : 0));
        words[87] = 0x4000;                                     // bits 15:14 = 01: words 85-87 valid
        if (Lba48)
            for (int i = 0; i < 4; i++) words[100 + i] = (ushort)(Sectors >> (16 * i));   // words 100-103
        ushort w106 = 0x4000;                                   // bit 14 = 1, bit 15 = 0: word valid
        if (LogicalPerPhysicalLog2 > 0) w106 |= (ushort)(0x2000 | LogicalPerPhysicalLog2);   // bit 13 + bits 3:0
        if (LogicalSectorBytes != 512)
        {
            w106 |= 0x1000;                                     // bit 12: words 117-118 give the logical sector size
            words[117] = (ushort)(LogicalSectorBytes / 2);      // in words
            words[118] = (ushort)(LogicalSectorBytes / 2 >> 16);
        }
        words[106] = w106;
        if (Trim) words[169] = 0x0001;                          // bit 0: TRIM
        var bytes = new byte[512];
        for (int i = 0; i < 256; i++) BitConverter.GetBytes(words[i]).CopyTo(bytes, 2 * i);
        if (Checksum)
        {
            bytes[510] = 0xA5;                                  // word 255 bits 7:0: signature
            byte sum = 0;
            for (int i = 0; i < 511; i++) sum += bytes[i];
            bytes[511] = (byte)(0x100 - sum);                   // bits 15:8: makes all 512 bytes sum to 0
        }
        return bytes;
    }

    // ATA strings: two characters per word, the first in bits 15:8, padded with spaces (ACS-3 3.4.9).
    private static void PutString(ushort[] words, int first, int count, string text)
    {
        string padded = text.PadRight(count * 2);
        for (int i = 0; i < count; i++) words[first + i] = (ushort)(padded[2 * i] << 8 | padded[2 * i + 1]);
    }
}
