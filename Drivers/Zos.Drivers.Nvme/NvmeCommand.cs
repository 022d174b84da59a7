using System;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Nvme
{
    // One submission queue entry (NVMe 1.4, 4.2, figure 105): the command
    // dword 0 (opcode in 7:0, FUSE 0, PSDT 0 for PRPs, the command id in
    // 31:16, which the queue pair fills in), the namespace, the data pointer
    // as PRP1 and PRP2, and the command dwords 10-12 (13-15 stay zero: no command here uses them). Built by NvmeAdminCommands
    // and NvmeIoCommands; the queue pair writes it into the ring.
    public struct NvmeCommand
    {
        public const int Bytes = 64;

        public byte Opcode;
        public uint NamespaceId;
        public ulong Prp1;
        public ulong Prp2;
        public uint Dword10;
        public uint Dword11;
        public uint Dword12;

        public void WriteTo(Span<byte> entry, ushort commandId)
        {
            entry.Slice(0, Bytes).Clear();
            LittleEndian.Put32(entry, 0, Opcode | (uint)commandId << 16);
            LittleEndian.Put32(entry, 4, NamespaceId);
            LittleEndian.Put64(entry, 24, Prp1);
            LittleEndian.Put64(entry, 32, Prp2);
            LittleEndian.Put32(entry, 40, Dword10);
            LittleEndian.Put32(entry, 44, Dword11);
            LittleEndian.Put32(entry, 48, Dword12);
        }
    }
}
