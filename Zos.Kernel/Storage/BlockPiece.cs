using Zos.Hal.Capabilities;

namespace Zos.Kernel.Storage
{
    // The part of a client request that fits one driver request.
    internal sealed class BlockPiece
    {
        public BlockPiece(BlockRequest parent, ulong sector, int sectors, int offset)
        {
            Parent = parent;
            Sector = sector;
            Sectors = sectors;
            Offset = offset;
        }

        public BlockRequest Parent { get; }
        public ulong Sector { get; }
        public int Sectors { get; }
        public int Offset { get; }
        public int Tag;
        // Its slice of the client's buffer, lent to the driver while in flight (or null).
        public DmaBuffer Lent;
        // Times it was handed to an incarnation that ended before answering.
        public int Lost;
    }
}
