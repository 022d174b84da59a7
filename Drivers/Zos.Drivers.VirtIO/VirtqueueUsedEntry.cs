namespace Zos.Drivers.VirtIO
{
    // A chain the device has finished: the head id TryAdd returned, and how many
    // bytes the device wrote into its device-writable buffers.
    public readonly struct VirtqueueUsedEntry
    {
        public VirtqueueUsedEntry(ushort head, uint writtenBytes)
        {
            Head = head;
            WrittenBytes = writtenBytes;
        }

        public ushort Head { get; }
        public uint WrittenBytes { get; }
    }
}
