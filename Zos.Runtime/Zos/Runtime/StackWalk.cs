using System.Runtime;
using Zos.Runtime.Unwinding;

namespace Zos.Runtime
{
    // Stack traces from the DWARF unwind data, so frames without a frame
    // pointer are not skipped: for panic reports and contained faults.
    internal static unsafe class StackWalk
    {
        // Writes the code addresses of up to max frames, starting with start's,
        // and returns how many. atFault: start.Rip is a faulting instruction, not
        // a return address. Stops at a frame without unwind data, or when the
        // stack pointer would leave [stackLow, stackHigh) (so a corrupt stack is
        // never read outside memory the caller vouches for). A fault in code
        // without unwind data (an assembly primitive) is taken to be in a leaf
        // that has pushed nothing: its return address is at rsp.
        [RuntimeExport("zos_stack_walk")]
        public static int Walk(RegisterContext* start, bool atFault, ulong stackLow, ulong stackHigh, ulong* into, int max)
        {
            RegisterContext context = *start;
            int count = 0;
            bool exact = atFault;
            while (count < max && context.Rip != 0 && context.Rsp >= stackLow && context.Rsp < stackHigh)
            {
                into[count++] = context.Rip;
                ulong pc = exact ? context.Rip : context.Rip - 1;
                if (!KernelCode.TryFind(pc, out FrameDescription frame, out _))
                {
                    if (!exact) break;
                    exact = false;
                    context.Rip = *(ulong*)context.Rsp;
                    context.Rsp += 8;
                    continue;
                }
                exact = false;
                if (!CfaInterpreter.TryFindRow(frame, pc, out UnwindRow row)) break;
                if (!FrameUnwinder.TryUnwind(ref context, row, frame.ReturnAddressRegister)) break;
            }
            return count;
        }
    }
}
