namespace Zos.Runtime.Unwinding
{
    // Runs the call-frame instructions of a CIE and FDE up to a code address and
    // yields the row that applies there (DWARF 4 section 6.4.2). Covers the
    // instructions compilers emit for x86-64, including everything ilc's CFI
    // writer produces; expression-based rules are rejected.
    internal static unsafe class CfaInterpreter
    {
        // Primary opcodes live in the top two bits, with an operand in the low six.
        private const byte AdvanceLoc = 0x40;
        private const byte OffsetOpcode = 0x80;
        private const byte Restore = 0xc0;

        private const byte Nop = 0x00;
        private const byte SetLoc = 0x01;
        private const byte AdvanceLoc1 = 0x02;
        private const byte AdvanceLoc2 = 0x03;
        private const byte AdvanceLoc4 = 0x04;
        private const byte OffsetExtended = 0x05;
        private const byte RestoreExtended = 0x06;
        private const byte UndefinedOpcode = 0x07;
        private const byte SameValueOpcode = 0x08;
        private const byte RegisterOpcode = 0x09;
        private const byte RememberState = 0x0a;
        private const byte RestoreState = 0x0b;
        private const byte DefCfa = 0x0c;
        private const byte DefCfaRegister = 0x0d;
        private const byte DefCfaOffset = 0x0e;
        private const byte DefCfaExpression = 0x0f;
        private const byte Expression = 0x10;
        private const byte OffsetExtendedSf = 0x11;
        private const byte DefCfaSf = 0x12;
        private const byte DefCfaOffsetSf = 0x13;
        private const byte ValOffset = 0x14;
        private const byte ValOffsetSf = 0x15;
        private const byte ValExpression = 0x16;
        private const byte GnuArgsSize = 0x2e;
        private const byte GnuNegativeOffsetExtended = 0x2f;

        // The row for pc (an address inside the FDE's range). False when the
        // instructions are malformed or use something this unwinder cannot follow.
        public static bool TryFindRow(in FrameDescription frame, ulong pc, out UnwindRow row)
        {
            row = default;
            UnwindRow initial = default;
            ulong location = frame.PcBegin;
            if (!Execute(frame, frame.CieInstructions, frame.CieInstructionsEnd, ulong.MaxValue, ref location, ref row, in initial))
                return false;
            initial = row;
            location = frame.PcBegin;
            return Execute(frame, frame.Instructions, frame.InstructionsEnd, pc, ref location, ref row, in initial);
        }

        private static bool Execute(in FrameDescription frame, byte* start, byte* end, ulong pc, ref ulong location, ref UnwindRow row, in UnwindRow initial)
        {
            var reader = new DwarfReader(start);
            var saved = new RowStack();
            while (reader.Position < end)
            {
                byte opcode = reader.ReadU8();
                byte operand = (byte)(opcode & 0x3f);
                switch (opcode & 0xc0)
                {
                    case AdvanceLoc:
                        location += operand * frame.CodeAlignment;
                        if (location > pc) return true;
                        continue;
                    case OffsetOpcode:
                        if (!SetRule(ref row, operand, RegisterRule.Offset, (long)reader.ReadULeb128() * frame.DataAlignment)) return false;
                        continue;
                    case Restore:
                        if (!RestoreRule(ref row, in initial, operand)) return false;
                        continue;
                }

                ulong advance;
                switch (opcode)
                {
                    case Nop:
                        break;
                    case SetLoc:
                        if (!reader.TryReadEncodedPointer(0, 0, out location)) return false;
                        if (location > pc) return true;
                        break;
                    case AdvanceLoc1:
                        advance = reader.ReadU8();
                        location += advance * frame.CodeAlignment;
                        if (location > pc) return true;
                        break;
                    case AdvanceLoc2:
                        advance = reader.ReadU16();
                        location += advance * frame.CodeAlignment;
                        if (location > pc) return true;
                        break;
                    case AdvanceLoc4:
                        advance = reader.ReadU32();
                        location += advance * frame.CodeAlignment;
                        if (location > pc) return true;
                        break;
                    case OffsetExtended:
                    {
                        ulong register = reader.ReadULeb128();
                        if (!SetRule(ref row, register, RegisterRule.Offset, (long)reader.ReadULeb128() * frame.DataAlignment)) return false;
                        break;
                    }
                    case OffsetExtendedSf:
                    {
                        ulong register = reader.ReadULeb128();
                        if (!SetRule(ref row, register, RegisterRule.Offset, reader.ReadSLeb128() * frame.DataAlignment)) return false;
                        break;
                    }
                    case GnuNegativeOffsetExtended:
                    {
                        ulong register = reader.ReadULeb128();
                        if (!SetRule(ref row, register, RegisterRule.Offset, -(long)reader.ReadULeb128() * frame.DataAlignment)) return false;
                        break;
                    }
                    case ValOffset:
                    {
                        ulong register = reader.ReadULeb128();
                        if (!SetRule(ref row, register, RegisterRule.ValueOffset, (long)reader.ReadULeb128() * frame.DataAlignment)) return false;
                        break;
                    }
                    case ValOffsetSf:
                    {
                        ulong register = reader.ReadULeb128();
                        if (!SetRule(ref row, register, RegisterRule.ValueOffset, reader.ReadSLeb128() * frame.DataAlignment)) return false;
                        break;
                    }
                    case RestoreExtended:
                        if (!RestoreRule(ref row, in initial, reader.ReadULeb128())) return false;
                        break;
                    case UndefinedOpcode:
                        if (!SetRule(ref row, reader.ReadULeb128(), RegisterRule.Undefined, 0)) return false;
                        break;
                    case SameValueOpcode:
                        if (!SetRule(ref row, reader.ReadULeb128(), RegisterRule.SameValue, 0)) return false;
                        break;
                    case RegisterOpcode:
                    {
                        ulong register = reader.ReadULeb128();
                        ulong source = reader.ReadULeb128();
                        if (source >= UnwindRow.RegisterCount) return false;
                        if (!SetRule(ref row, register, RegisterRule.InRegister, (long)source)) return false;
                        break;
                    }
                    case RememberState:
                        if (!saved.Push(in row)) return false;
                        break;
                    case RestoreState:
                    {
                        // The CFA rule is part of the saved state too (DWARF 4 6.4.2.4).
                        if (!saved.Pop(out UnwindRow restored)) return false;
                        row = restored;
                        break;
                    }
                    case DefCfa:
                        row.CfaRegister = (int)reader.ReadULeb128();
                        row.CfaOffset = (long)reader.ReadULeb128();
                        break;
                    case DefCfaSf:
                        row.CfaRegister = (int)reader.ReadULeb128();
                        row.CfaOffset = reader.ReadSLeb128() * frame.DataAlignment;
                        break;
                    case DefCfaRegister:
                        row.CfaRegister = (int)reader.ReadULeb128();
                        break;
                    case DefCfaOffset:
                        row.CfaOffset = (long)reader.ReadULeb128();
                        break;
                    case DefCfaOffsetSf:
                        row.CfaOffset = reader.ReadSLeb128() * frame.DataAlignment;
                        break;
                    case GnuArgsSize:
                        reader.ReadULeb128();
                        break;
                    case DefCfaExpression:
                    case Expression:
                    case ValExpression:
                    default:
                        return false;
                }
            }
            return true;
        }

        // Registers beyond the tracked set (xmm, x87) are callee-clobbered on x86-64: ignored.
        private static bool SetRule(ref UnwindRow row, ulong register, RegisterRule rule, long value)
        {
            if (register < UnwindRow.RegisterCount) row.Set((int)register, rule, value);
            return true;
        }

        private static bool RestoreRule(ref UnwindRow row, in UnwindRow initial, ulong register)
        {
            if (register < UnwindRow.RegisterCount) row.Set((int)register, initial.RuleOf((int)register), initial.ValueOf((int)register));
            return true;
        }

        // DW_CFA_remember_state/restore_state nest; four levels is more than compilers use.
        private struct RowStack
        {
            private UnwindRow _0, _1, _2, _3;
            private int _depth;

            public bool Push(in UnwindRow row)
            {
                switch (_depth)
                {
                    case 0: _0 = row; break;
                    case 1: _1 = row; break;
                    case 2: _2 = row; break;
                    case 3: _3 = row; break;
                    default: return false;
                }
                _depth++;
                return true;
            }

            public bool Pop(out UnwindRow row)
            {
                switch (_depth)
                {
                    case 1: row = _0; break;
                    case 2: row = _1; break;
                    case 3: row = _2; break;
                    case 4: row = _3; break;
                    default: row = default; return false;
                }
                _depth--;
                return true;
            }
        }
    }
}
