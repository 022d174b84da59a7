using System;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Nvme
{
    // The NVM command set's commands this driver sends (NVMe 1.4, 6; opcodes
    // in figure 346). Blocks are the namespace's logical blocks.
    public static class NvmeIoCommands
    {
        public const byte FlushOpcode = 0x00;
        public const byte WriteOpcode = 0x01;
        public const byte ReadOpcode = 0x02;
        public const byte WriteZeroesOpcode = 0x08;
        public const byte DatasetManagementOpcode = 0x09;

        // Write Zeroes and a range of Dataset Management name up to 2^16 blocks (NLB is 16 bits, 0-based).
        public const int MaxBlocksPerZeroing = 65536;
        // 6.7: one range is 16 bytes: context attributes, length in blocks, starting LBA.
        public const int RangeBytes = 16;

        // 6.8: the namespace's volatile write cache to media.
        public static NvmeCommand Flush(uint namespaceId) => new NvmeCommand { Opcode = FlushOpcode, NamespaceId = namespaceId };

        // 6.9 and 6.14: SLBA in CDW10-11, NLB (0-based) in CDW12 15:0.
        public static NvmeCommand Read(uint namespaceId, ulong lba, int blocks, ulong prp1, ulong prp2) =>
            Transfer(ReadOpcode, namespaceId, lba, blocks, prp1, prp2);

        public static NvmeCommand Write(uint namespaceId, ulong lba, int blocks, ulong prp1, ulong prp2) =>
            Transfer(WriteOpcode, namespaceId, lba, blocks, prp1, prp2);

        // 6.16: as Write without data; DEAC (CDW12 bit 25) clear: the blocks read as zeroes afterwards, allocated or not.
        public static NvmeCommand WriteZeroes(uint namespaceId, ulong lba, int blocks) =>
            Transfer(WriteZeroesOpcode, namespaceId, lba, blocks, 0, 0);

        // 6.7: NR (CDW10 7:0, 0-based) ranges at PRP1; AD (CDW11 bit 2): deallocate them.
        public static NvmeCommand Deallocate(uint namespaceId, ulong ranges) => new NvmeCommand
        {
            Opcode = DatasetManagementOpcode, NamespaceId = namespaceId, Prp1 = ranges, Dword10 = 0, Dword11 = 0x4,
        };

        // One range of a Dataset Management command, into `range` (16 bytes).
        public static void PutRange(Span<byte> range, ulong lba, int blocks)
        {
            LittleEndian.Put32(range, 0, 0);
            LittleEndian.Put32(range, 4, (uint)blocks);
            LittleEndian.Put64(range, 8, lba);
        }

        public static string Name(byte opcode) => opcode switch
        {
            FlushOpcode => "Flush",
            WriteOpcode => "Write",
            ReadOpcode => "Read",
            WriteZeroesOpcode => "Write Zeroes",
            DatasetManagementOpcode => "Dataset Management (deallocate)",
            _ => "I/O command 0x" + opcode.ToString("x2"),
        };

        private static NvmeCommand Transfer(byte opcode, uint namespaceId, ulong lba, int blocks, ulong prp1, ulong prp2) => new NvmeCommand
        {
            Opcode = opcode, NamespaceId = namespaceId, Prp1 = prp1, Prp2 = prp2, Dword10 = (uint)lba, Dword11 = (uint)(lba >> 32),
            Dword12 = (uint)(blocks - 1) & 0xFFFF,
        };
    }
}
