namespace Zos.Runtime.Unwinding
{
    // Reads the primitive encodings of DWARF call-frame information
    // (DWARF 4 section 7.6, LSB "DWARF Extensions" for the DW_EH_PE pointer
    // encodings). Little-endian, unaligned; the caller bounds the reads.
    internal unsafe struct DwarfReader
    {
        public const byte PointerOmit = 0xff;

        private const byte FormatMask = 0x0f;
        private const byte ApplicationMask = 0x70;
        private const byte AbsolutePointer = 0x00;
        private const byte ULeb128 = 0x01;
        private const byte UData2 = 0x02;
        private const byte UData4 = 0x03;
        private const byte UData8 = 0x04;
        private const byte SLeb128 = 0x09;
        private const byte SData2 = 0x0a;
        private const byte SData4 = 0x0b;
        private const byte SData8 = 0x0c;
        private const byte PcRelative = 0x10;
        private const byte DataRelative = 0x30;

        public byte* Position;

        public DwarfReader(byte* position) { Position = position; }

        public byte ReadU8() => *Position++;

        public ushort ReadU16()
        {
            ushort value = (ushort)(Position[0] | Position[1] << 8);
            Position += 2;
            return value;
        }

        public uint ReadU32()
        {
            uint value = (uint)(Position[0] | Position[1] << 8 | Position[2] << 16 | Position[3] << 24);
            Position += 4;
            return value;
        }

        public ulong ReadU64()
        {
            ulong low = ReadU32();
            return low | (ulong)ReadU32() << 32;
        }

        public ulong ReadULeb128()
        {
            ulong value = 0;
            int shift = 0;
            byte b;
            do
            {
                b = *Position++;
                if (shift < 64) value |= (ulong)(b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return value;
        }

        public long ReadSLeb128()
        {
            long value = 0;
            int shift = 0;
            byte b;
            do
            {
                b = *Position++;
                if (shift < 64) value |= (long)(b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (shift < 64 && (b & 0x40) != 0) value |= -1L << shift;
            return value;
        }

        // Reads a pointer in a DW_EH_PE encoding; dataBase serves DW_EH_PE_datarel.
        // Returns false for encodings ilc and ld do not produce (textrel, funcrel, aligned, indirect).
        public bool TryReadEncodedPointer(byte encoding, ulong dataBase, out ulong pointer)
        {
            pointer = 0;
            if (encoding == PointerOmit) return true;
            ulong fieldAddress = (ulong)Position;
            ulong value;
            switch (encoding & FormatMask)
            {
                case AbsolutePointer: case UData8: case SData8: value = ReadU64(); break;
                case ULeb128: value = ReadULeb128(); break;
                case SLeb128: value = (ulong)ReadSLeb128(); break;
                case UData2: value = ReadU16(); break;
                case SData2: value = (ulong)(long)(short)ReadU16(); break;
                case UData4: value = ReadU32(); break;
                case SData4: value = (ulong)(long)(int)ReadU32(); break;
                default: return false;
            }
            switch (encoding & ApplicationMask)
            {
                case 0: break;
                case PcRelative: value += fieldAddress; break;
                case DataRelative: value += dataBase; break;
                default: return false;
            }
            if ((encoding & 0x80) != 0) return false;
            pointer = value;
            return true;
        }
    }
}
