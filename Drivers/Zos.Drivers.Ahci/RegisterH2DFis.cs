using System;

namespace Zos.Drivers.Ahci
{
    // The Register Host to Device FIS that carries a command (SATA 3.x,
    // 10.5.5): 20 bytes, 5 dwords, at the start of the command table.
    public static class RegisterH2DFis
    {
        public const byte Type = 0x27;
        public const int Bytes = 20;
        public const int Dwords = Bytes / 4;
        // Byte 1, bit 7: the FIS updates the command register (not the device control register).
        public const byte CommandBit = 0x80;

        // Writes the FIS for `command` into the first 20 bytes of `into`. A
        // queued command's tag (its slot) goes into count bits 7:3 (ACS-3 7.24.3).
        public static void Encode(Span<byte> into, in AtaCommand command, int tag)
        {
            if (into.Length < Bytes) throw new ArgumentException("a Register H2D FIS needs 20 bytes");
            into.Slice(0, Bytes).Clear();
            ulong lba = command.Atapi ? 0 : command.Lba;
            byte device = command.Device;
            if (command.Uses28BitLba)
            {
                device |= (byte)((lba >> 24) & 0xF);
                lba &= 0xFFFFFF;
            }
            ushort count = command.Queued ? (ushort)((command.Count & 0xFF07) | (tag << 3)) : command.Count;
            into[0] = Type;
            into[1] = CommandBit;
            into[2] = command.Code;
            into[3] = (byte)command.Features;
            into[4] = (byte)lba;
            into[5] = (byte)(lba >> 8);
            into[6] = (byte)(lba >> 16);
            into[7] = device;
            into[8] = (byte)(lba >> 24);
            into[9] = (byte)(lba >> 32);
            into[10] = (byte)(lba >> 40);
            into[11] = (byte)(command.Features >> 8);
            into[12] = (byte)count;
            into[13] = (byte)(count >> 8);
        }
    }
}
