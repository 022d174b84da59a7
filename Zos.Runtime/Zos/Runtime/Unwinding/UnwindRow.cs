using System.Runtime.CompilerServices;

namespace Zos.Runtime.Unwinding
{
    // One row of the call-frame table: how to compute the CFA (canonical frame
    // address: the caller's stack pointer before the call) and every register
    // the x86-64 unwinder tracks, DWARF numbers 0-16 (16 is the return address).
    internal struct UnwindRow
    {
        public const int RegisterCount = 17;

        public int CfaRegister;
        public long CfaOffset;
        private RuleArray _rules;
        private ValueArray _values;

        public RegisterRule RuleOf(int register) => _rules[register];

        public long ValueOf(int register) => _values[register];

        public void Set(int register, RegisterRule rule, long value)
        {
            _rules[register] = rule;
            _values[register] = value;
        }

        // Inline arrays rather than fixed buffers: no stack-cookie checks in the corlib.
        [InlineArray(RegisterCount)]
        private struct RuleArray { private RegisterRule _element; }

        [InlineArray(RegisterCount)]
        private struct ValueArray { private long _element; }
    }
}
