using System;

namespace Zos.Drivers.VirtIO
{
    // The split virtqueue's flag values and descriptor encoding (virtio 1.2,
    // 2.7.5-2.7.10). Everything in the rings is little-endian.
    public static class VirtqueueFormat
    {
        public const ushort DescriptorNext = 1;           // VIRTQ_DESC_F_NEXT
        public const ushort DescriptorWrite = 2;          // VIRTQ_DESC_F_WRITE: device-writable
        public const ushort DescriptorIndirect = 4;       // VIRTQ_DESC_F_INDIRECT
        public const ushort AvailableNoInterrupt = 1;     // VIRTQ_AVAIL_F_NO_INTERRUPT
        public const ushort UsedNoNotify = 1;             // VIRTQ_USED_F_NO_NOTIFY

        // The 16 bytes of one descriptor: addr (le64), len (le32), flags (le16), next (le16).
        public static void EncodeDescriptor(Span<byte> into, ulong address, uint length, ushort flags, ushort next)
        {
            for (int i = 0; i < 8; i++) into[i] = (byte)(address >> (8 * i));
            for (int i = 0; i < 4; i++) into[8 + i] = (byte)(length >> (8 * i));
            into[12] = (byte)flags;
            into[13] = (byte)(flags >> 8);
            into[14] = (byte)next;
            into[15] = (byte)(next >> 8);
        }

        // VIRTIO_F_EVENT_IDX's test (2.7.7.2, 2.7.10.1): the other side asked to be
        // told once the index passes eventIndex; did moving it from oldIndex to
        // newIndex pass it? All arithmetic wraps at 16 bits.
        public static bool PassesEvent(ushort eventIndex, ushort newIndex, ushort oldIndex) =>
            (ushort)(newIndex - eventIndex - 1) < (ushort)(newIndex - oldIndex);
    }
}
