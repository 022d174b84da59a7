using Zos.Hal;
using Zos.Hal.Interrupts;
using Zos.Hal.Native;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Diagnostics
{
    // Code addresses of the frames on the running thread's stack, innermost
    // first, for panic reports and contained faults. Unwinds with the DWARF data
    // (methods without a frame pointer are not skipped); the frame-pointer chain
    // is the fallback where no register state of the failing code is known.
    public static unsafe class Backtrace
    {
        private const ulong BootStackBytes = 64 * 1024;     // boot.asm's KERNEL_STACK

        // From a CPU fault: the faulting instruction, then its callers.
        public static int FromFault(InterruptFrame* f, ulong[] into)
        {
            ulong* context = stackalloc ulong[RuntimeStackWalk.ContextWords];
            context[0] = f->Rip; context[1] = f->Rsp; context[2] = f->Rbp; context[3] = f->Rbx;
            context[4] = f->R12; context[5] = f->R13; context[6] = f->R14; context[7] = f->R15;
            StackBounds(f->Rsp, out ulong low, out ulong high);
            return RuntimeStackWalk.Walk(context, atFault: true, low, high, into);
        }

        // From the throw of the exception being dispatched on this thread, if any.
        public static int FromCurrentThrow(ulong[] into)
        {
            ulong* thrower = RuntimeStackWalk.ThrowerContext();
            if (thrower is null) return FromFramePointer(Cpu.FramePointer, into);
            StackBounds(thrower[1], out ulong low, out ulong high);
            return RuntimeStackWalk.Walk(thrower, atFault: false, low, high, into);
        }

        // From the caller of this method, along the frame-pointer chain (methods
        // without a frame pointer are skipped).
        public static int FromHere(ulong[] into) => FromFramePointer(Cpu.FramePointer, into);

        // [rbp] is the caller's rbp, [rbp+8] the return address.
        private static int FromFramePointer(ulong rbp, ulong[] into)
        {
            StackBounds(rbp, out ulong low, out ulong high);
            int count = 0;
            while (count < into.Length && rbp >= low && rbp + 16 <= high && (rbp & 7) == 0)
            {
                ulong returnAddress = ((ulong*)rbp)[1];
                if (returnAddress == 0) break;
                into[count++] = returnAddress;
                ulong next = *(ulong*)rbp;
                if (next <= rbp) break;
                rbp = next;
            }
            return count;
        }

        // The mapped stack the address lies in: the running thread's own, else
        // the boot stack and the interrupt stacks above it.
        private static void StackBounds(ulong address, out ulong low, out ulong high)
        {
            ThreadStack stack = Scheduler.Current?.Stack;
            if (stack is not null && address >= stack.Bottom && address < stack.Top)
            {
                low = stack.Bottom;
                high = stack.Top;
                return;
            }
            low = Cpu.BootStackTop - BootStackBytes;
            high = Cpu.InterruptStacksTop;
        }
    }
}
