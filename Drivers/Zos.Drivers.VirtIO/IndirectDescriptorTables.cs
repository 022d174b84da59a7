using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.VirtIO
{
    // Memory for indirect descriptor tables (virtio 1.2, 2.7.5.3), one table per
    // descriptor of the queue: a chain sent indirectly takes one ring descriptor,
    // and its table is the one of that descriptor's id, so no table can be
    // handed out twice and nothing needs allocating per request.
    public sealed class IndirectDescriptorTables
    {
        private readonly DmaBuffer _buffer;

        public IndirectDescriptorTables(DmaBuffer buffer, int queueSize, int descriptorsPerTable)
        {
            QueueSize = new VirtqueueLayout(queueSize).QueueSize;   // refuses a size no queue can have
            if (descriptorsPerTable < 2 || descriptorsPerTable > queueSize)
                throw new ArgumentOutOfRangeException(nameof(descriptorsPerTable),
                    "an indirect table holds 2 to " + queueSize.ToString() + " descriptors (the queue size), not " + descriptorsPerTable.ToString());
            int needed = BytesFor(queueSize, descriptorsPerTable);
            if (buffer.Length < needed)
                throw new ArgumentException("indirect tables for a queue of " + queueSize.ToString() + " with " + descriptorsPerTable.ToString()
                    + " descriptors each need " + needed.ToString() + " bytes, the buffer has " + buffer.Length.ToString());
            if ((buffer.DeviceAddress & (VirtqueueLayout.DescriptorBytes - 1)) != 0)
                throw new ArgumentException("indirect tables must be 16-byte aligned");
            _buffer = buffer;
            DescriptorsPerTable = descriptorsPerTable;
        }

        public int QueueSize { get; }
        public int DescriptorsPerTable { get; }

        public static int BytesFor(int queueSize, int descriptorsPerTable) =>
            checked(queueSize * descriptorsPerTable * VirtqueueLayout.DescriptorBytes);

        internal ulong TableAddress(int head) => _buffer.DeviceAddress + (ulong)TableOffset(head);

        // The encoded descriptors of one table, written at once.
        internal void Write(int head, ReadOnlySpan<byte> descriptors) => _buffer.CopyFrom(TableOffset(head), descriptors);

        private int TableOffset(int head) => head * DescriptorsPerTable * VirtqueueLayout.DescriptorBytes;
    }
}
