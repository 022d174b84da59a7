namespace Zos.Drivers.VirtIO
{
    // The one virtqueue layout the legacy PCI interface knows (virtio 1.2,
    // 2.7.2 and 4.1.5.1.3.1): descriptor table, available ring (with its
    // used_event slot) right after it, the used ring at the next 4096-byte
    // boundary, all in one contiguous block that starts on a page, whose page
    // number is all the device is told. The queue size is the device's own.
    public static class VirtioPciLegacyQueueLayout
    {
        public const ulong Alignment = 4096;

        private const ulong DescriptorBytes = 16;

        public static ulong DriverAreaOffset(ushort size) => DescriptorBytes * size;

        // flags, idx, ring[size], used_event: 2 bytes each.
        public static ulong DeviceAreaOffset(ushort size) => AlignUp(DriverAreaOffset(size) + 2UL * (3UL + size));

        // flags, idx, ring[size] of {id, len}, avail_event.
        public static ulong Bytes(ushort size) => DeviceAreaOffset(size) + AlignUp(6UL + 8UL * size);

        private static ulong AlignUp(ulong bytes) => (bytes + Alignment - 1) & ~(Alignment - 1);
    }
}
