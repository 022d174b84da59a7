namespace Zos.Runtime.Unwinding
{
    // Applies a call-frame row to a frame's context, giving the caller's
    // context at its call site: rsp becomes the CFA, rip the return address,
    // and each callee-saved register is reloaded as its rule says.
    internal static unsafe class FrameUnwinder
    {
        public static bool TryUnwind(ref RegisterContext context, in UnwindRow row, int returnAddressRegister)
        {
            if (returnAddressRegister != DwarfRegister.ReturnAddress) return false;
            if (!context.TryGet(row.CfaRegister, out ulong cfaBase)) return false;
            ulong cfa = (ulong)((long)cfaBase + row.CfaOffset);

            RegisterContext caller = context;
            for (int register = 0; register < UnwindRow.RegisterCount; register++)
            {
                if (register == DwarfRegister.Rsp || !context.TryGet(register, out _)) continue;
                long value = row.ValueOf(register);
                switch (row.RuleOf(register))
                {
                    case RegisterRule.SameValue:
                        break;
                    case RegisterRule.Offset:
                        caller.Set(register, *(ulong*)(cfa + (ulong)value));
                        break;
                    case RegisterRule.ValueOffset:
                        caller.Set(register, cfa + (ulong)value);
                        break;
                    case RegisterRule.InRegister:
                        if (!context.TryGet((int)value, out ulong copy)) return false;
                        caller.Set(register, copy);
                        break;
                    default:
                        if (register == DwarfRegister.ReturnAddress) return false;
                        break;
                }
            }
            caller.Rsp = cfa;
            context = caller;
            return true;
        }
    }
}
