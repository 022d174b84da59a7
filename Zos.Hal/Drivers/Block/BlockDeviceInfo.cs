namespace Zos.Hal.Drivers.Block
{
    // What a block driver tells the service about its device (the answer to Identify).
    // Sectors are 512 bytes, whatever the device's logical block size.
    public sealed class BlockDeviceInfo
    {
        public const int SectorSize = 512;

        public ulong Sectors;
        // The device's own block size (a hint for alignment; addressing stays in sectors).
        public int LogicalBlockSize = SectorSize;
        public bool ReadOnly;
        // Writes reach stable storage only after a Flush (else they are written through).
        public bool HasFlush;
        // The most sectors one request may carry (the service splits larger ones).
        public int MaxSectorsPerRequest;
        // The most when the service lends the request's memory (0: the same):
        // a driver that otherwise copies through bounce buffers takes more then.
        public int MaxSectorsPerLentRequest;
        // The most one WriteZeroes or Discard request may name (0: as MaxSectorsPerRequest).
        public int MaxSectorsPerDatalessRequest;
        // How many requests the driver takes at once.
        public int QueueDepth;
        // For the shell: "virtio-blk modern msi-x", and the negotiated features;
        // the disk's own model and serial where it has them (ATA IDENTIFY).
        public string Transport;
        public string Features;
        public string Model;
        public string Serial;
    }
}
