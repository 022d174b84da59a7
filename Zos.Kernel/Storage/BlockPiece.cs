using Zos.Hal.Capabilities;

namespace Zos.Kernel.Storage
{
    // The part of a client request that fits one driver request; without a
    // parent, one of the service's own requests (ListUnits, or Identify of Device).
    internal sealed class BlockPiece
    {
        public BlockPiece(BlockDevice device, BlockRequest parent, ulong sector, int sectors, int offset)
        {
            Device = device;
            Parent = parent;
            Sector = sector;
            Sectors = sectors;
            Offset = offset;
        }

        public BlockDevice Device { get; }
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
