using System;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Nvme
{
    // What Identify Controller's 4 KiB say (NVMe 1.4, 5.15.2.1, figure 247).
    // The driver sends one Abort at a time, within any ACL (0-based: at least one).
    // Parse refuses data no working controller sends, or a controller whose
    // queue entries cannot be the 64 and 16 bytes this driver uses.
    public sealed class NvmeIdentifyController
    {
        public string Serial { get; private set; }
        public string Model { get; private set; }
        public string Firmware { get; private set; }
        // MDTS: transfers up to 2^MDTS minimum pages; 0 means no limit.
        public int MaxTransferLog2Pages { get; private set; }
        // NN: the largest namespace id.
        public uint NamespaceCount { get; private set; }
        // ONCS: optional NVM commands.
        public ushort OptionalCommands { get; private set; }
        // VWC bit 0: a volatile write cache (Flush matters).
        public bool VolatileWriteCache { get; private set; }
        public bool HasDatasetManagement => (OptionalCommands & 0x4) != 0;
        public bool HasWriteZeroes => (OptionalCommands & 0x8) != 0;

        // The largest transfer in bytes, given CAP.MPSMIN's page size; int.MaxValue when MDTS sets none.
        public int MaxTransferBytes(int minPageBytes)
        {
            if (MaxTransferLog2Pages == 0) return int.MaxValue;
            long bytes = (long)minPageBytes << Math.Min(MaxTransferLog2Pages, 20);
            return bytes > int.MaxValue ? int.MaxValue : (int)bytes;
        }

        public static string Parse(ReadOnlySpan<byte> data, out NvmeIdentifyController identify)
        {
            identify = null;
            if (data.Length != NvmeAdminCommands.IdentifyBytes) return "Identify Controller data of " + data.Length.ToString() + " bytes, not 4096";
            if (IdentifyText.AllZero(data)) return "Identify Controller data is all zeros (nothing was transferred)";
            // SQES and CQES: required (3:0) and largest (7:4) entry sizes as powers of two.
            byte sqes = data[512], cqes = data[513];
            if ((sqes & 0xF) > 6 || (sqes >> 4) < 6)
                return "the controller cannot take 64-byte submission queue entries (SQES 0x" + sqes.ToString("x2") + ")";
            if ((cqes & 0xF) > 4 || (cqes >> 4) < 4)
                return "the controller cannot post 16-byte completion queue entries (CQES 0x" + cqes.ToString("x2") + ")";
            identify = new NvmeIdentifyController
            {
                Serial = IdentifyText.Ascii(data, 4, 20),
                Model = IdentifyText.Ascii(data, 24, 40),
                Firmware = IdentifyText.Ascii(data, 64, 8),
                MaxTransferLog2Pages = data[77],
                NamespaceCount = LittleEndian.Get32(data, 516),
                OptionalCommands = LittleEndian.Get16(data, 520),
                VolatileWriteCache = (data[525] & 1) != 0,
            };
            return null;
        }
    }
}
