using System;

namespace Zos.Drivers.Ahci
{
    // One ATA command as the Register H2D FIS carries it (ACS-3, section 7;
    // the FIS fields of SATA 3.x, 10.5.5), with what the engine needs to
    // issue and report it: its name, the data direction, whether it is
    // queued (NCQ: the tag goes into the FIS at issue time, it is the slot),
    // and for ATAPI the packet. Built by the factories, which refuse what the
    // command cannot express.
    public readonly struct AtaCommand
    {
        // Command codes (ACS-3, 7.x; ATAPI: ACS-3 7.18 PACKET, 7.13 IDENTIFY PACKET DEVICE).
        public const byte ReadDmaCode = 0xC8;
        public const byte WriteDmaCode = 0xCA;
        public const byte ReadDmaExtCode = 0x25;
        public const byte WriteDmaExtCode = 0x35;
        public const byte ReadFpdmaQueuedCode = 0x60;
        public const byte WriteFpdmaQueuedCode = 0x61;
        public const byte FlushCacheExtCode = 0xEA;
        public const byte IdentifyDeviceCode = 0xEC;
        public const byte IdentifyPacketDeviceCode = 0xA1;
        public const byte PacketCode = 0xA0;

        // Device register: bit 6 selects LBA addressing (and must be 1 for FPDMA, ACS-3 7.25.3).
        public const byte DeviceLba = 0x40;
        // 48-bit commands move at most 65536 sectors (a count of 0), 28-bit ones 256.
        public const int MaxSectorsExt = 65536;
        public const int MaxSectors28 = 256;
        public const ulong Lba48Limit = 1UL << 48;
        public const ulong Lba28Limit = 1UL << 28;
        // PACKET's feature bit 0: the data moves by DMA (ACS-3 7.18.3).
        public const ushort PacketDma = 1;
        // SCSI READ(10) (MMC/SBC), sent in the ATAPI command field.
        public const byte ScsiRead10 = 0x28;

        private AtaCommand(string name, byte code, ushort features, ulong lba, ushort count, byte device, int blocks,
            bool writesToDevice, bool queued, bool atapi, ulong packetLow, uint packetHigh = 0, bool lba28 = false)
        {
            PacketHigh = packetHigh;
            Uses28BitLba = lba28;
            Name = name;
            Code = code;
            Features = features;
            Lba = lba;
            Count = count;
            Device = device;
            Blocks = blocks;
            WritesToDevice = writesToDevice;
            Queued = queued;
            Atapi = atapi;
            PacketLow = packetLow;
        }

        // "READ FPDMA QUEUED", for messages.
        public string Name { get; }
        public byte Code { get; }
        // The 16-bit feature field (FPDMA: the sector count).
        public ushort Features { get; }
        // The first sector (ATAPI: block); for PACKET it is not sent in the FIS (its LBA field is the PIO byte count limit).
        public ulong Lba { get; }
        // The 16-bit count field as sent (FPDMA: the tag goes into bits 7:3 at issue).
        public ushort Count { get; }
        public byte Device { get; }
        // Sectors (or ATAPI blocks) moved, for messages and checks.
        public int Blocks { get; }
        // Data moves from memory to the device (the command header's W bit).
        public bool WritesToDevice { get; }
        // Native command queuing: PxSACT is set with PxCI and the count field carries the tag.
        public bool Queued { get; }
        // A PACKET command: the header's A bit, and the 12-byte packet at ACMD.
        public bool Atapi { get; }
        // The 12-byte packet, little-endian: byte 0 (the operation code) is PacketLow's low byte, bytes 8-11 are PacketHigh.
        public ulong PacketLow { get; }
        public uint PacketHigh { get; }
        // A 28-bit command: LBA bits 27:24 go in the device register, the FIS's upper LBA bytes stay 0.
        public bool Uses28BitLba { get; }
        public bool IsEmpty => Name is null;

        public static AtaCommand IdentifyDevice() =>
            new AtaCommand("IDENTIFY DEVICE", IdentifyDeviceCode, 0, 0, 0, 0, 1, false, false, false, 0);

        public static AtaCommand IdentifyPacketDevice() =>
            new AtaCommand("IDENTIFY PACKET DEVICE", IdentifyPacketDeviceCode, 0, 0, 0, 0, 1, false, false, false, 0);

        public static AtaCommand FlushCacheExt() =>
            new AtaCommand("FLUSH CACHE EXT", FlushCacheExtCode, 0, 0, 0, 0, 0, false, false, false, 0);

        public static AtaCommand ReadDmaExt(ulong lba, int sectors) => Ext("READ DMA EXT", ReadDmaExtCode, lba, sectors, false);

        public static AtaCommand WriteDmaExt(ulong lba, int sectors) => Ext("WRITE DMA EXT", WriteDmaExtCode, lba, sectors, true);

        public static AtaCommand ReadDma(ulong lba, int sectors) => Lba28("READ DMA", ReadDmaCode, lba, sectors, false);

        public static AtaCommand WriteDma(ulong lba, int sectors) => Lba28("WRITE DMA", WriteDmaCode, lba, sectors, true);

        // ACS-3 7.24, 7.63: the sector count goes in the feature field.
        public static AtaCommand ReadFpdmaQueued(ulong lba, int sectors) => Fpdma("READ FPDMA QUEUED", ReadFpdmaQueuedCode, lba, sectors, false);

        public static AtaCommand WriteFpdmaQueued(ulong lba, int sectors) => Fpdma("WRITE FPDMA QUEUED", WriteFpdmaQueuedCode, lba, sectors, true);

        // PACKET carrying READ(10): `blocks` blocks from `lba`, by DMA.
        public static AtaCommand PacketRead10(uint lba, int blocks)
        {
            if (blocks < 1 || blocks > 0xFFFF) throw new ArgumentOutOfRangeException("blocks", "READ(10) moves 1 to 65535 blocks, not " + blocks.ToString());
            // READ(10): byte 0 the operation, 2-5 the LBA and 7-8 the length, both big-endian.
            ulong packet = ScsiRead10
                | (ulong)(byte)(lba >> 24) << 16 | (ulong)(byte)(lba >> 16) << 24 | (ulong)(byte)(lba >> 8) << 32 | (ulong)(byte)lba << 40
                | (ulong)(byte)(blocks >> 8) << 56;
            return new AtaCommand("PACKET READ(10)", PacketCode, PacketDma, lba, 0, 0, blocks, false, false, true, packet, (byte)blocks);
        }

        private static AtaCommand Ext(string name, byte code, ulong lba, int sectors, bool write)
        {
            CheckRange(name, lba, sectors, MaxSectorsExt, Lba48Limit);
            return new AtaCommand(name, code, 0, lba, (ushort)sectors, DeviceLba, sectors, write, false, false, 0);
        }

        private static AtaCommand Fpdma(string name, byte code, ulong lba, int sectors, bool write)
        {
            CheckRange(name, lba, sectors, MaxSectorsExt, Lba48Limit);
            return new AtaCommand(name, code, (ushort)sectors, lba, 0, DeviceLba, sectors, write, true, false, 0);
        }

        // 28-bit commands put LBA bits 27:24 in the device register's low nibble.
        private static AtaCommand Lba28(string name, byte code, ulong lba, int sectors, bool write)
        {
            CheckRange(name, lba, sectors, MaxSectors28, Lba28Limit);
            return new AtaCommand(name, code, 0, lba, (ushort)(sectors & 0xFF), DeviceLba, sectors, write, false, false, 0, 0, true);
        }

        private static void CheckRange(string name, ulong lba, int sectors, int maxSectors, ulong limit)
        {
            if (sectors < 1 || sectors > maxSectors)
                throw new ArgumentOutOfRangeException("sectors", name + " moves 1 to " + maxSectors.ToString() + " sectors, not " + sectors.ToString());
            if (lba >= limit || (ulong)sectors > limit - lba)
                throw new ArgumentOutOfRangeException("lba", name + " of " + sectors.ToString() + " sectors at LBA " + lba.ToString()
                    + " ends beyond its addressing limit 0x" + limit.ToString("x"));
        }
    }
}
