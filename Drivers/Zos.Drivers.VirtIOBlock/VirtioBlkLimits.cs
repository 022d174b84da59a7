using System;
using Zos.Drivers.VirtIO;

namespace Zos.Drivers.VirtIOBlock
{
    // How much one request may carry: data segments of at most size_max bytes,
    // at most seg_max of them, and header + data + status no longer than the
    // chains the queue takes.
    public sealed class VirtioBlkLimits
    {
        public VirtioBlkLimits(VirtioBlkConfig config, int maxChainLength)
        {
            if (maxChainLength < 3)
                throw new ArgumentOutOfRangeException(nameof(maxChainLength),
                    "a request chain holds a header, data and a status: at least 3 descriptors, not " + maxChainLength.ToString());
            MaxSegmentBytes = config.SizeMax != 0 ? config.SizeMax : uint.MaxValue;
            int segments = maxChainLength - 2;
            if (config.SegMax != 0 && config.SegMax < (uint)segments) segments = (int)config.SegMax;
            MaxDataSegments = segments;
            long bytes = Math.Min((long)segments * MaxSegmentBytes, int.MaxValue);
            MaxRequestBytes = (int)(bytes - bytes % config.BlockSize);
            if (MaxRequestBytes == 0)
                throw new VirtioProtocolException("the device's limits (" + segments.ToString() + " segments of at most "
                    + MaxSegmentBytes.ToString() + " bytes) cannot carry one " + config.BlockSize.ToString() + "-byte block");
        }

        public uint MaxSegmentBytes { get; }
        public int MaxDataSegments { get; }
        // The most data bytes of one read or write, a whole number of blocks: split larger requests.
        public int MaxRequestBytes { get; }

        // Segments a request of this many data bytes needs.
        public int DataSegments(int dataBytes) => (int)(((long)dataBytes + MaxSegmentBytes - 1) / MaxSegmentBytes);
    }
}
