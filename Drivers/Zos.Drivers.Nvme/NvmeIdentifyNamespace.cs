using System;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Nvme
{
    // What Identify Namespace's 4 KiB say (NVMe 1.4, 6.1.5, figure 245) about
    // one namespace, in the LBA format it is formatted with. Parse refuses a
    // namespace this driver cannot serve, with the reason: no blocks, an LBA
    // format that is not available or not whole 512-byte sectors, metadata, or
    // end-to-end protection (both would need metadata buffers).
    public sealed class NvmeIdentifyNamespace
    {
        // Blocks of 2^16 bytes at most: larger would not fit a request's sector count.
        public const int MaxBlockSizeLog2 = 16;
        public const int MinBlockSizeLog2 = 9;

        public uint Id { get; private set; }
        // NSZE: the namespace's size in logical blocks.
        public ulong Blocks { get; private set; }
        // FLBAS 3:0: the LBA format in use (LBAF0-15 at 128, 4 bytes each).
        public int FormatIndex { get; private set; }
        public int BlockBytes { get; private set; }

        public static string Parse(uint namespaceId, ReadOnlySpan<byte> data, out NvmeIdentifyNamespace identify)
        {
            identify = null;
            string name = "namespace " + namespaceId.ToString();
            if (data.Length != NvmeAdminCommands.IdentifyBytes) return name + ": Identify Namespace data of " + data.Length.ToString() + " bytes, not 4096";
            ulong blocks = LittleEndian.Get64(data, 0);
            if (blocks == 0) return name + " has no blocks (NSZE 0: inactive)";
            int formats = data[25] + 1, format = data[26] & 0xF;
            if (format >= formats) return name + " is formatted with LBA format " + format.ToString() + ", but it has only " + formats.ToString() + " (NLBAF)";
            uint descriptor = LittleEndian.Get32(data, 128 + 4 * format);
            int metadata = (int)(descriptor & 0xFFFF), sizeLog2 = (int)((descriptor >> 16) & 0xFF);
            string lbaFormat = name + "'s LBA format " + format.ToString();
            if (sizeLog2 == 0) return lbaFormat + " is not available (LBADS 0)";
            if (sizeLog2 < MinBlockSizeLog2 || sizeLog2 > MaxBlockSizeLog2)
                return lbaFormat + " has blocks of 2^" + sizeLog2.ToString() + " bytes; this driver serves 512 to 65536";
            if (metadata != 0) return lbaFormat + " carries " + metadata.ToString() + " bytes of metadata per block, which this driver does not handle";
            // DPS 2:0: the protection information type enabled.
            if ((data[29] & 0x7) != 0)
                return name + " has end-to-end protection type " + (data[29] & 0x7).ToString() + " enabled, which this driver does not handle";
            identify = new NvmeIdentifyNamespace { Id = namespaceId, Blocks = blocks, FormatIndex = format, BlockBytes = 1 << sizeLog2 };
            return null;
        }
    }
}
