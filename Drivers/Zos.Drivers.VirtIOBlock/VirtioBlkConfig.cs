using Zos.Drivers.VirtIO;

namespace Zos.Drivers.VirtIOBlock
{
    // What a virtio-blk device says about itself (virtio 1.2, 5.2.4): read once
    // the features are negotiated, from the fields those features make valid.
    public sealed class VirtioBlkConfig
    {
        // Offsets in struct virtio_blk_config.
        public const int CapacityOffset = 0;
        public const int SizeMaxOffset = 8;
        public const int SegMaxOffset = 12;
        public const int BlockSizeOffset = 20;

        private const uint LargestBlock = 64 * 1024;

        private VirtioBlkConfig(ulong features, ulong capacitySectors, uint sizeMax, uint segMax, uint blockSize)
        {
            Features = features;
            CapacitySectors = capacitySectors;
            SizeMax = sizeMax;
            SegMax = segMax;
            BlockSize = blockSize;
        }

        public ulong Features { get; }
        // In 512-byte sectors, always.
        public ulong CapacitySectors { get; }
        // The largest data segment in bytes; 0 when the device sets no limit.
        public uint SizeMax { get; }
        // The most data segments in one request; 0 when the device sets no limit.
        public uint SegMax { get; }
        // The logical block size: requests are whole, aligned blocks of it.
        public uint BlockSize { get; }
        public bool ReadOnly => (Features & VirtioBlkFeature.ReadOnly) != 0;
        // Without it the device writes through: a completed write is durable.
        public bool Flush => (Features & VirtioBlkFeature.Flush) != 0;

        // Reads the fields the negotiated features make valid; values no device
        // may report (a zero limit, a block size that is no power of two from 512
        // to 64 KiB) are a VirtioProtocolException.
        public static VirtioBlkConfig Read(IVirtioConfigReader config, ulong negotiatedFeatures)
        {
            ulong capacity = config.ReadConfig64(CapacityOffset);
            uint sizeMax = 0, segMax = 0, blockSize = VirtioBlkProtocol.SectorBytes;
            if ((negotiatedFeatures & VirtioBlkFeature.SizeMax) != 0)
            {
                sizeMax = config.ReadConfig32(SizeMaxOffset);
                if (sizeMax < VirtioBlkProtocol.SectorBytes)
                    throw new VirtioProtocolException("device offers VIRTIO_BLK_F_SIZE_MAX with size_max " + sizeMax.ToString()
                        + ", less than one sector");
            }
            if ((negotiatedFeatures & VirtioBlkFeature.SegMax) != 0)
            {
                segMax = config.ReadConfig32(SegMaxOffset);
                if (segMax == 0) throw new VirtioProtocolException("device offers VIRTIO_BLK_F_SEG_MAX with seg_max 0");
            }
            if ((negotiatedFeatures & VirtioBlkFeature.BlockSize) != 0)
            {
                blockSize = config.ReadConfig32(BlockSizeOffset);
                if (blockSize < VirtioBlkProtocol.SectorBytes || blockSize > LargestBlock || (blockSize & (blockSize - 1)) != 0)
                    throw new VirtioProtocolException("device reports a block size of " + blockSize.ToString()
                        + " bytes, not a power of two from 512 to 65536");
            }
            return new VirtioBlkConfig(negotiatedFeatures, capacity, sizeMax, segMax, blockSize);
        }

        // Why the device would refuse this read or write, in words; null when it
        // can do it. Flush and get id are always acceptable here (without
        // VIRTIO_BLK_F_FLUSH a flush has nothing to do: the driver completes it).
        public string CheckRequest(VirtioBlkRequestType type, ulong sector, long bytes)
        {
            if (type != VirtioBlkRequestType.In && type != VirtioBlkRequestType.Out) return null;
            string what = VirtioBlkProtocol.Describe(type, sector, bytes);
            if (bytes <= 0) return what + ": no data";
            if (bytes % BlockSize != 0 || sector % (BlockSize / VirtioBlkProtocol.SectorBytes) != 0)
                return what + ": not whole " + BlockSize.ToString() + "-byte blocks on the device's block boundaries";
            ulong sectors = (ulong)bytes / VirtioBlkProtocol.SectorBytes;
            if (sector > CapacitySectors || sectors > CapacitySectors - sector)
                return what + ": beyond the end of the device (" + CapacitySectors.ToString() + " sectors)";
            if (type == VirtioBlkRequestType.Out && ReadOnly) return what + ": the device is read-only";
            return null;
        }
    }
}
