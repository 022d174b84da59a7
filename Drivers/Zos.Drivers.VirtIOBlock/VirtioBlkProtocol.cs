namespace Zos.Drivers.VirtIOBlock
{
    // Sizes of the virtio-blk request format (virtio 1.2, 5.2.6), and the words
    // every message about a request uses.
    public static class VirtioBlkProtocol
    {
        // The protocol's unit for sector numbers and capacity, whatever blk_size says.
        public const int SectorBytes = 512;
        // type (le32), reserved (le32), sector (le64)
        public const int HeaderBytes = 16;
        public const int StatusBytes = 1;
        // What GET_ID writes: the serial, NUL-padded when shorter.
        public const int IdBytes = Zos.Hal.Drivers.Block.BlockDeviceId.Bytes;

        // "read of 8 sectors at sector 100", "write of …", "flush", "get id".
        public static string Describe(VirtioBlkRequestType type, ulong sector, long bytes)
        {
            switch (type)
            {
                case VirtioBlkRequestType.In: return "read" + Extent(sector, bytes);
                case VirtioBlkRequestType.Out: return "write" + Extent(sector, bytes);
                case VirtioBlkRequestType.Flush: return "flush";
                case VirtioBlkRequestType.GetId: return "get id";
                default: return "request type " + ((uint)type).ToString();
            }
        }

        private static string Extent(ulong sector, long bytes) =>
            bytes % SectorBytes == 0
                ? " of " + (bytes / SectorBytes).ToString() + (bytes == SectorBytes ? " sector" : " sectors") + " at sector " + sector.ToString()
                : " of " + bytes.ToString() + " bytes at sector " + sector.ToString();
    }
}
