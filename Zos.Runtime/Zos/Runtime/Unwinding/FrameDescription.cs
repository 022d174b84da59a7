namespace Zos.Runtime.Unwinding
{
    // One function's entry in .eh_frame: its FDE and the CIE it refers to
    // (System V ABI x86-64 section 4.2.4 / LSB .eh_frame), with the parts the
    // unwinder needs: the code range, the LSDA pointer and both instruction streams.
    internal unsafe struct FrameDescription
    {
        public ulong PcBegin;
        public ulong PcEnd;
        public byte* Lsda;
        public ulong CodeAlignment;
        public long DataAlignment;
        public int ReturnAddressRegister;
        public byte* CieInstructions;
        public byte* CieInstructionsEnd;
        public byte* Instructions;
        public byte* InstructionsEnd;

        public bool Contains(ulong pc) => pc >= PcBegin && pc < PcEnd;

        // Parses the FDE at fde. False for anything malformed or unsupported
        // (64-bit lengths, a CIE instead of an FDE, unknown augmentations).
        public static bool TryParse(byte* fde, out FrameDescription result)
        {
            result = default;
            var reader = new DwarfReader(fde);
            uint length = reader.ReadU32();
            if (length == 0 || length == 0xffffffff) return false;
            byte* end = reader.Position + length;
            byte* ciePointerField = reader.Position;
            uint cieOffset = reader.ReadU32();
            if (cieOffset == 0) return false;

            if (!TryParseCie(ciePointerField - cieOffset, ref result, out byte fdeEncoding, out byte lsdaEncoding, out bool hasAugmentationData))
                return false;

            if (!reader.TryReadEncodedPointer(fdeEncoding, 0, out ulong begin)) return false;
            if (!reader.TryReadEncodedPointer((byte)(fdeEncoding & 0x0f), 0, out ulong range)) return false;
            result.PcBegin = begin;
            result.PcEnd = begin + range;

            if (hasAugmentationData)
            {
                ulong augmentationLength = reader.ReadULeb128();
                byte* instructions = reader.Position + augmentationLength;
                if (lsdaEncoding != DwarfReader.PointerOmit)
                {
                    if (!reader.TryReadEncodedPointer(lsdaEncoding, 0, out ulong lsda)) return false;
                    result.Lsda = (byte*)lsda;
                }
                reader.Position = instructions;
            }
            if (reader.Position > end) return false;
            result.Instructions = reader.Position;
            result.InstructionsEnd = end;
            return true;
        }

        private static bool TryParseCie(byte* cie, ref FrameDescription result, out byte fdeEncoding, out byte lsdaEncoding, out bool hasAugmentationData)
        {
            fdeEncoding = 0;            // DW_EH_PE_absptr unless 'R' says otherwise
            lsdaEncoding = DwarfReader.PointerOmit;
            hasAugmentationData = false;

            var reader = new DwarfReader(cie);
            uint length = reader.ReadU32();
            if (length == 0 || length == 0xffffffff) return false;
            byte* end = reader.Position + length;
            if (reader.ReadU32() != 0) return false;            // CIE id
            byte version = reader.ReadU8();
            if (version != 1 && version != 3) return false;

            byte* augmentation = reader.Position;
            while (*reader.Position != 0) reader.Position++;
            reader.Position++;

            result.CodeAlignment = reader.ReadULeb128();
            result.DataAlignment = reader.ReadSLeb128();
            result.ReturnAddressRegister = version == 1 ? reader.ReadU8() : (int)reader.ReadULeb128();

            if (augmentation[0] == 'z')
            {
                hasAugmentationData = true;
                ulong augmentationLength = reader.ReadULeb128();
                byte* instructions = reader.Position + augmentationLength;
                for (byte* a = augmentation + 1; *a != 0; a++)
                {
                    switch (*a)
                    {
                        case (byte)'L': lsdaEncoding = reader.ReadU8(); break;
                        case (byte)'R': fdeEncoding = reader.ReadU8(); break;
                        case (byte)'P':
                            if (!reader.TryReadEncodedPointer(reader.ReadU8(), 0, out _)) return false;
                            break;
                        case (byte)'S': break;
                        default: return false;
                    }
                }
                reader.Position = instructions;
            }
            else if (augmentation[0] != 0)
            {
                return false;
            }
            if (reader.Position > end) return false;
            result.CieInstructions = reader.Position;
            result.CieInstructionsEnd = end;
            return true;
        }
    }
}
