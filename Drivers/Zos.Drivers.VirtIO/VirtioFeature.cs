namespace Zos.Drivers.VirtIO
{
    // Device-independent feature bits (virtio 1.2, section 6). Device types
    // add their own below bit 24.
    public static class VirtioFeature
    {
        public const ulong IndirectDescriptors = 1UL << 28;   // VIRTIO_F_INDIRECT_DESC
        public const ulong EventIndex = 1UL << 29;            // VIRTIO_F_EVENT_IDX
        public const ulong Version1 = 1UL << 32;              // VIRTIO_F_VERSION_1: the modern interface
        public const ulong AccessPlatform = 1UL << 33;        // VIRTIO_F_ACCESS_PLATFORM
    }
}
