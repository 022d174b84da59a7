using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers.Block
{
    // One request from the block service to a block driver. The data lives in
    // Buffer at BufferOffset (Sectors × 512 bytes for Read and Write). When the
    // service could lend that memory, Data is the lent buffer over exactly those
    // bytes: the driver gives the device Data.DeviceAddress and copies nothing.
    // Otherwise Data is null and the driver copies through its own DMA memory.
    // The loan ends when the request is answered or the incarnation ends.
    // Unit names which of the instance's devices it is for (as ListUnits gave it).
    public struct BlockDriverRequest
    {
        public int Tag;
        public BlockOperation Operation;
        public int Unit;
        public ulong Sector;
        public int Sectors;
        public byte[] Buffer;
        public int BufferOffset;
        public DmaBuffer Data;
    }
}
