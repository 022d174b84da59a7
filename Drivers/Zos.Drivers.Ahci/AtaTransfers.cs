using System;

namespace Zos.Drivers.Ahci
{
    // Which ATA command moves data on a given disk: READ/WRITE FPDMA QUEUED
    // when both the disk (IDENTIFY word 76) and the HBA (CAP.SNCQ) queue and
    // the driver wants it, else the DMA EXT commands on a 48-bit disk, else
    // the 28-bit DMA commands. Sectors are the disk's logical sectors.
    public static class AtaTransfers
    {
        public static bool UsesNcq(AtaIdentifyData disk, AhciHbaCapabilities hba, bool wanted) => wanted && disk.SupportsNcq && hba.SupportsNcq;

        // The most sectors one command of the chosen kind moves.
        public static int MaxSectorsPerCommand(AtaIdentifyData disk) => disk.Supports48Bit ? AtaCommand.MaxSectorsExt : AtaCommand.MaxSectors28;

        public static AtaCommand Read(AtaIdentifyData disk, bool queued, ulong lba, int sectors) => Transfer(disk, queued, lba, sectors, write: false);

        public static AtaCommand Write(AtaIdentifyData disk, bool queued, ulong lba, int sectors) => Transfer(disk, queued, lba, sectors, write: true);

        private static AtaCommand Transfer(AtaIdentifyData disk, bool queued, ulong lba, int sectors, bool write)
        {
            if (lba >= disk.Sectors || (ulong)sectors > disk.Sectors - lba)
                throw new ArgumentOutOfRangeException("lba", sectors.ToString() + " sectors at LBA " + lba.ToString() + " end beyond the disk's "
                    + disk.Sectors.ToString());
            if (queued)
            {
                if (!disk.SupportsNcq) throw new InvalidOperationException("the disk does not support NCQ (IDENTIFY word 76 bit 8)");
                return write ? AtaCommand.WriteFpdmaQueued(lba, sectors) : AtaCommand.ReadFpdmaQueued(lba, sectors);
            }
            if (disk.Supports48Bit) return write ? AtaCommand.WriteDmaExt(lba, sectors) : AtaCommand.ReadDmaExt(lba, sectors);
            return write ? AtaCommand.WriteDma(lba, sectors) : AtaCommand.ReadDma(lba, sectors);
        }
    }
}
