namespace Zos.Hal.Drivers.Block
{
    // One request from the block service to a block driver. The data lives in
    // Buffer at BufferOffset (Sectors × 512 bytes for Read and Write): the
    // driver copies it to or from its DMA memory.
    public struct BlockDriverRequest
    {
        public int Tag;
        public BlockOperation Operation;
        public ulong Sector;
        public int Sectors;
        public byte[] Buffer;
        public int BufferOffset;
    }
}
