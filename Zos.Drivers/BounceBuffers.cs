using Zos.Hal.Capabilities;

namespace Zos.Drivers
{
    // DMA buffers a driver copies through when the block service could not
    // lend a request's memory, shared by every unit of the controller.
    internal sealed class BounceBuffers
    {
        private readonly DmaBuffer[] _buffers;
        private readonly int[] _free;
        private int _freeCount;

        public BounceBuffers(DmaBuffer[] buffers, int bufferBytes)
        {
            _buffers = buffers;
            BufferBytes = bufferBytes;
            _free = new int[buffers.Length];
            for (int i = 0; i < buffers.Length; i++) _free[i] = i;
            _freeCount = buffers.Length;
        }

        public int BufferBytes { get; }

        public DmaBuffer Buffer(int index) => _buffers[index];

        // A free buffer's index, or -1 while all are in use.
        public int Take() => _freeCount == 0 ? -1 : _free[--_freeCount];

        public void Give(int index) => _free[_freeCount++] = index;
    }
}
