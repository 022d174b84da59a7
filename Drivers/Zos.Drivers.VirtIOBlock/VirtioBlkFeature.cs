namespace Zos.Drivers.VirtIOBlock
{
    // virtio-blk feature bits (virtio 1.2, 5.2.3); the device-independent ones
    // are in Zos.Drivers.VirtIO.VirtioFeature.
    public static class VirtioBlkFeature
    {
        public const ulong SizeMax = 1UL << 1;        // VIRTIO_BLK_F_SIZE_MAX: size_max limits one segment
        public const ulong SegMax = 1UL << 2;         // VIRTIO_BLK_F_SEG_MAX: seg_max limits a request's data segments
        public const ulong Geometry = 1UL << 4;       // VIRTIO_BLK_F_GEOMETRY
        public const ulong ReadOnly = 1UL << 5;       // VIRTIO_BLK_F_RO: writes fail
        public const ulong BlockSize = 1UL << 6;      // VIRTIO_BLK_F_BLK_SIZE: blk_size is the logical block size
        public const ulong Flush = 1UL << 9;          // VIRTIO_BLK_F_FLUSH (legacy name: WCE)
        public const ulong Topology = 1UL << 10;      // VIRTIO_BLK_F_TOPOLOGY
        public const ulong ConfigWce = 1UL << 11;     // VIRTIO_BLK_F_CONFIG_WCE: writeback is switchable
        public const ulong MultiQueue = 1UL << 12;    // VIRTIO_BLK_F_MQ
        public const ulong Discard = 1UL << 13;       // VIRTIO_BLK_F_DISCARD
        public const ulong WriteZeroes = 1UL << 14;   // VIRTIO_BLK_F_WRITE_ZEROES
    }
}
