using System;

namespace Zos.Drivers.VirtIO
{
    // Where the three parts of a split virtqueue (virtio 1.2, 2.7) lie in one
    // buffer: descriptor table, available ring (flags, idx, ring, used_event),
    // then the used ring (flags, idx, ring, avail_event) on the next 4096-byte
    // boundary. That is the legacy interface's fixed layout (2.7.2); modern
    // transports take the three addresses separately, so the same buffer
    // serves both.
    public readonly struct VirtqueueLayout
    {
        public const int MaxQueueSize = 32768;
        public const int LegacyAlignment = 4096;
        public const int DescriptorBytes = 16;
        public const int UsedElementBytes = 8;

        public VirtqueueLayout(int queueSize)
        {
            if (queueSize < 1 || queueSize > MaxQueueSize || (queueSize & (queueSize - 1)) != 0)
                throw new ArgumentOutOfRangeException(nameof(queueSize),
                    "a virtqueue has a power-of-two size from 1 to 32768, not " + queueSize.ToString());
            QueueSize = queueSize;
            UsedRingOffset = AlignUp(DescriptorBytes * queueSize + 2 * (3 + queueSize));
            TotalBytes = UsedRingOffset + AlignUp(2 * 3 + UsedElementBytes * queueSize);
        }

        public int QueueSize { get; }
        public int DescriptorTableOffset => 0;
        public int AvailableRingOffset => DescriptorBytes * QueueSize;
        public int AvailableFlagsOffset => AvailableRingOffset;
        public int AvailableIndexOffset => AvailableRingOffset + 2;
        public int UsedEventOffset => AvailableRingOffset + 4 + 2 * QueueSize;
        public int UsedRingOffset { get; }
        public int UsedFlagsOffset => UsedRingOffset;
        public int UsedIndexOffset => UsedRingOffset + 2;
        public int AvailEventOffset => UsedRingOffset + 4 + UsedElementBytes * QueueSize;
        // The whole queue, the used ring's part padded to a page as the legacy formula does.
        public int TotalBytes { get; }

        public int DescriptorOffset(int descriptor) => DescriptorBytes * descriptor;
        public int AvailableEntryOffset(int slot) => AvailableRingOffset + 4 + 2 * slot;
        public int UsedElementOffset(int slot) => UsedRingOffset + 4 + UsedElementBytes * slot;

        private static int AlignUp(int bytes) => (bytes + LegacyAlignment - 1) & ~(LegacyAlignment - 1);
    }
}
