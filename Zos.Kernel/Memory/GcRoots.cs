using System.Runtime.InteropServices;
using Zos.Hal;
using Zos.Hal.Memory;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Memory
{
    // The stacks the collector scans. The runtime calls zos_gc_scan_stacks once
    // per collection, after it has marked the static, boot-arena and handle
    // roots; this calls RuntimeHeap.ScanConservatively for every stack in use.
    //
    // Contract:
    // - It is called with interrupts disabled, on the stack of the thread that
    //   triggered the collection, which has pushed its callee-saved registers
    //   (zos_gc_spill_registers_and_collect) before getting here. Scanning from
    //   the current stack pointer up therefore covers that thread's registers.
    // - Every other thread is parked, with all its registers saved on its own
    //   stack below its saved stack pointer (zos_context_switch pushed the
    //   callee-saved ones; a preempted thread's interrupt frame holds the rest
    //   and its SSE state): scan [saved rsp, stack top) for each.
    // - It must not allocate, and must only report ranges of mapped memory.
    public static unsafe class GcRoots
    {
        [UnmanagedCallersOnly(EntryPoint = "zos_gc_scan_stacks")]
        private static void ScanStacks()
        {
            KernelThread current = Scheduler.Current;
            ScanCurrentStack(current);
            for (int i = 0; i < Scheduler.ThreadCount; i++)
            {
                KernelThread thread = Scheduler.ThreadAt(i);
                if (thread == current || thread.State == ThreadState.Dead) continue;
                RuntimeHeap.ScanConservatively((byte*)thread.SavedStackPointer, (byte*)StackTop(thread));
            }
        }

        // The collecting thread may be on its own stack, or on the boot stack or
        // an interrupt stack (a fault handler allocating): those two are
        // contiguous, so one range from the stack pointer covers either.
        private static void ScanCurrentStack(KernelThread current)
        {
            ulong rsp = Cpu.StackPointer;
            ThreadStack stack = current?.Stack;
            ulong top = stack is not null && rsp >= stack.Bottom && rsp < stack.Top ? stack.Top : Cpu.InterruptStacksTop;
            RuntimeHeap.ScanConservatively((byte*)rsp, (byte*)top);
        }

        private static ulong StackTop(KernelThread thread) => thread.Stack is null ? Cpu.BootStackTop : thread.Stack.Top;
    }
}
