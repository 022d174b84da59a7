using Zos.Runtime.Unwinding;

namespace Zos.Runtime
{
    // Walks the managed frames an exception passes, from the thrower outwards,
    // with each frame's registers, unwind data and EH data. A frame whose return
    // address is zos_invoke_funclet's was called by the dispatcher: the walk steps
    // from a catch or finally funclet to its parent frame (as the earlier dispatch
    // saw it) and from a filter funclet into the dispatcher that called it.
    internal unsafe struct ExceptionFrameIterator
    {
        // zos_invoke_funclet pushes rbp, rbx, r12-r15 and the FuncletCall*, in that order.
        private const int HelperSavedR15 = 8, HelperSavedR14 = 16, HelperSavedR13 = 24, HelperSavedR12 = 32;
        private const int HelperSavedRbx = 40, HelperSavedRbp = 48, HelperReturnAddress = 56, HelperFrameSize = 64;

        public RegisterContext Context;
        public FrameDescription Frame;
        public UnwindBlock Block;
        public uint ResumeAfterClause;

        public bool Start(in RegisterContext thrower)
        {
            Context = thrower;
            ResumeAfterClause = ClauseResumption.None;
            return Locate();
        }

        // The frame's position in its method, as an EH clause offset: the call
        // instruction the return address follows.
        public uint CodeOffset => (uint)(Context.Rip - 1 - Block.MethodStart);

        public bool HasClauses => Block.EHInfo != null;

        public ulong MethodStart => Block.MethodStart;

        // Moves to the calling frame; false at the end of the managed stack.
        public bool Next()
        {
            if (!CfaInterpreter.TryFindRow(Frame, Context.Rip - 1, out UnwindRow row)) return false;
            if (!FrameUnwinder.TryUnwind(ref Context, row, Frame.ReturnAddressRegister)) return false;
            ResumeAfterClause = ClauseResumption.None;
            if (Context.Rip == ExceptionNative.FuncletReturnAddress())
            {
                FuncletCall* call = *(FuncletCall**)Context.Rsp;
                if (call->Kind == FuncletKind.Filter)
                {
                    StepOutOfHelper();
                }
                else
                {
                    Context = *call->Frame;
                    ResumeAfterClause = call->ClauseIndex;
                }
            }
            return Locate();
        }

        private void StepOutOfHelper()
        {
            ulong sp = Context.Rsp;
            Context.R15 = *(ulong*)(sp + HelperSavedR15);
            Context.R14 = *(ulong*)(sp + HelperSavedR14);
            Context.R13 = *(ulong*)(sp + HelperSavedR13);
            Context.R12 = *(ulong*)(sp + HelperSavedR12);
            Context.Rbx = *(ulong*)(sp + HelperSavedRbx);
            Context.Rbp = *(ulong*)(sp + HelperSavedRbp);
            Context.Rip = *(ulong*)(sp + HelperReturnAddress);
            Context.Rsp = sp + HelperFrameSize;
        }

        private bool Locate()
        {
            return KernelCode.TryFind(Context.Rip - 1, out Frame, out Block);
        }
    }
}
