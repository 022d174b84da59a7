using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers
{
    // DMA buffers a driver copies through when the block service could not
    // lend a request's memory. Each is allocated (and so zeroed) the first
    // time it is used: the service lends almost every transfer, and zeroing
    // megabytes of buffers nobody uses was most of a restart (issue 16).
    public sealed class BounceBuffers
    {
        private readonly DmaBuffer[] _buffers;
        private readonly Func<int, DmaBuffer> _allocate;
        private readonly int[] _free;
        private int _freeCount;

        // allocate(index) gives buffer index, at least bufferBytes long (or fails the driver).
        public BounceBuffers(int count, int bufferBytes, Func<int, DmaBuffer> allocate)
        {
            _buffers = new DmaBuffer[count];
            _allocate = allocate;
            BufferBytes = bufferBytes;
            _free = new int[count];
            for (int i = 0; i < count; i++) _free[i] = i;
            _freeCount = count;
        }

        public int BufferBytes { get; }

        public DmaBuffer Buffer(int index) => _buffers[index] ??= _allocate(index);

        // A free buffer's index, or -1 while all are in use.
        public int Take() => _freeCount == 0 ? -1 : _free[--_freeCount];

        public void Give(int index) => _free[_freeCount++] = index;
    }
}
