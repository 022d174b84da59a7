using System;
using Zos.Hal.Drivers.Block;

namespace Zos.Drivers.Nvme
{
    // One active namespace as the block service sees it (unit = namespace id,
    // "nvme0n1"): its size and block size, what it can do (Flush when the
    // controller has a volatile write cache, Write Zeroes and deallocate when
    // ONCS says so), which requests it refuses and why, and the command that
    // carries a request.
    internal sealed class NvmeNamespace
    {
        private readonly NvmeIdentifyNamespace _identity;
        private readonly NvmeIdentifyController _controller;

        // maxTransferBytes: the most one command moves (MDTS, and one PRP list).
        public NvmeNamespace(NvmeIdentifyNamespace identity, NvmeIdentifyController controller, int maxTransferBytes)
        {
            _identity = identity;
            _controller = controller;
            SectorsPerBlock = identity.BlockBytes / BlockDeviceInfo.SectorSize;
            MaxTransferBytes = Math.Min(maxTransferBytes, NvmePrp.MaxTransferBytes) / identity.BlockBytes * identity.BlockBytes;
        }

        public uint Id => _identity.Id;
        public int Unit => (int)_identity.Id;
        public int SectorsPerBlock { get; }
        public ulong Sectors => _identity.Blocks * (ulong)SectorsPerBlock;
        public int MaxTransferBytes { get; }
        public bool HasFlush => _controller.VolatileWriteCache;
        public bool HasWriteZeroes => _controller.HasWriteZeroes;
        public bool HasDeallocate => _controller.HasDatasetManagement;
        public string Serial => _controller.Serial;

        // transport: the queues and interrupt; copyBytes: the bounce buffers' size; lentBytes: the most a lent request carries.
        public BlockDeviceInfo Describe(string transport, int copyBytes, int lentBytes) => new BlockDeviceInfo
        {
            Sectors = Sectors,
            LogicalBlockSize = _identity.BlockBytes,
            HasFlush = HasFlush,
            MaxSectorsPerRequest = Math.Min(MaxTransferBytes, copyBytes) / BlockDeviceInfo.SectorSize,
            MaxSectorsPerLentRequest = Math.Min(MaxTransferBytes, lentBytes) / BlockDeviceInfo.SectorSize,
            MaxSectorsPerDatalessRequest = NvmeIoCommands.MaxBlocksPerZeroing * SectorsPerBlock,
            Transport = transport,
            Features = (HasFlush ? "write-cache" : "write-through") + (HasWriteZeroes ? " write-zeroes" : "") + (HasDeallocate ? " deallocate" : "")
                + " nsid=" + Id.ToString() + " lba_format=" + _identity.FormatIndex.ToString() + " lba_size=" + _identity.BlockBytes.ToString()
                + " max_transfer=" + MaxTransferBytes.ToString() + " firmware=" + _controller.Firmware,
            Model = _controller.Model,
            Serial = _controller.Serial,
        };

        // Null, or why the request cannot be carried out (and the status that says so).
        // copyBytes: the most a request whose memory is not lent may carry.
        public string Refusal(in BlockDriverRequest request, int copyBytes, out BlockStatus status)
        {
            status = BlockStatus.Unsupported;
            BlockOperation operation = request.Operation;
            if (operation == BlockOperation.Flush) return null;
            if (operation == BlockOperation.WriteZeroes && !HasWriteZeroes)
                return "namespace " + Id.ToString() + " does not do Write Zeroes (ONCS bit 3 is clear)";
            if (operation == BlockOperation.Discard && !HasDeallocate)
                return "namespace " + Id.ToString() + " does not deallocate (ONCS bit 2, Dataset Management, is clear)";
            bool moves = operation == BlockOperation.Read || operation == BlockOperation.Write;
            if (!moves && operation != BlockOperation.WriteZeroes && operation != BlockOperation.Discard)
                return "namespace " + Id.ToString() + " does not do block operation " + ((int)operation).ToString();
            status = BlockStatus.OutOfRange;
            string what = OperationName(operation) + " of " + request.Sectors.ToString() + " sectors at " + request.Sector.ToString();
            if (request.Sectors <= 0) return what + ": no sectors";
            if (request.Sector % (ulong)SectorsPerBlock != 0 || request.Sectors % SectorsPerBlock != 0)
                return what + ": not whole " + _identity.BlockBytes.ToString() + "-byte blocks";
            if (request.Sector >= Sectors || (ulong)request.Sectors > Sectors - request.Sector)
                return what + ": beyond namespace " + Id.ToString() + "'s " + Sectors.ToString() + " sectors";
            if (!moves)
                return request.Sectors / SectorsPerBlock > NvmeIoCommands.MaxBlocksPerZeroing
                    ? what + ": more than " + NvmeIoCommands.MaxBlocksPerZeroing.ToString() + " blocks" : null;
            int bytes = request.Sectors * BlockDeviceInfo.SectorSize;
            if (bytes > MaxTransferBytes) return what + ": more than the " + MaxTransferBytes.ToString() + " bytes one command moves";
            if (request.Data is not null && request.Data.Length != bytes) return what + ": the lent buffer holds " + request.Data.Length.ToString() + " bytes";
            if (!CanUseLoan(request) && bytes > copyBytes)
                return what + ": larger than the driver's " + copyBytes.ToString() + "-byte copy buffers"
                    + (request.Data is null ? "" : " (the lent buffer at 0x" + request.Data.DeviceAddress.ToString("x") + " is not dword aligned)");
            return null;
        }

        // A loan goes to the device as is when PRP1 can point at it (dword aligned, 4.3).
        public static bool CanUseLoan(in BlockDriverRequest request) => request.Data is not null && (request.Data.DeviceAddress & 3) == 0;

        // "Read (namespace 1, LBA 60, 8 blocks)".
        public string CommandText(in BlockDriverRequest request)
        {
            string name = NvmeIoCommands.Name(OpcodeOf(request.Operation));
            if (request.Operation == BlockOperation.Flush) return name + " (namespace " + Id.ToString() + ")";
            int blocks = request.Sectors / SectorsPerBlock;
            return name + " (namespace " + Id.ToString() + ", LBA " + (request.Sector / (ulong)SectorsPerBlock).ToString() + ", " + blocks.ToString()
                + (blocks == 1 ? " block)" : " blocks)");
        }

        // The command for a request this namespace accepted. Read and Write
        // move the data at prp1/prp2; a deallocation's range is at prp1.
        public NvmeCommand Command(in BlockDriverRequest request, ulong prp1, ulong prp2)
        {
            ulong lba = request.Sector / (ulong)SectorsPerBlock;
            int blocks = request.Sectors / SectorsPerBlock;
            return request.Operation switch
            {
                BlockOperation.Read => NvmeIoCommands.Read(Id, lba, blocks, prp1, prp2),
                BlockOperation.Write => NvmeIoCommands.Write(Id, lba, blocks, prp1, prp2),
                BlockOperation.WriteZeroes => NvmeIoCommands.WriteZeroes(Id, lba, blocks),
                BlockOperation.Discard => NvmeIoCommands.Deallocate(Id, prp1),
                _ => NvmeIoCommands.Flush(Id),
            };
        }

        // A deallocation's one range, into `into`; returns its bytes.
        public int PutRange(in BlockDriverRequest request, Span<byte> into)
        {
            NvmeIoCommands.PutRange(into, request.Sector / (ulong)SectorsPerBlock, request.Sectors / SectorsPerBlock);
            return NvmeIoCommands.RangeBytes;
        }

        private static byte OpcodeOf(BlockOperation operation) => operation switch
        {
            BlockOperation.Read => NvmeIoCommands.ReadOpcode,
            BlockOperation.Write => NvmeIoCommands.WriteOpcode,
            BlockOperation.WriteZeroes => NvmeIoCommands.WriteZeroesOpcode,
            BlockOperation.Discard => NvmeIoCommands.DatasetManagementOpcode,
            _ => NvmeIoCommands.FlushOpcode,
        };

        private static string OperationName(BlockOperation operation) => operation switch
        {
            BlockOperation.Read => "read",
            BlockOperation.Write => "write",
            BlockOperation.WriteZeroes => "zeroing",
            _ => "discard",
        };
    }
}
