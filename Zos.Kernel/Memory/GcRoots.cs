using System.Runtime.InteropServices;
using Zos.Hal;
using Zos.Hal.Memory;

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
    //   stack below its saved stack pointer: scan [saved rsp, stack top) for each.
    //   (A thread whose registers are saved elsewhere must have that area scanned too.)
    // - It must not allocate, and must only report ranges of mapped memory.
    //
    // Today there is one thread: the boot processor's kernel stack.
    public static unsafe class GcRoots
    {
        [UnmanagedCallersOnly(EntryPoint = "zos_gc_scan_stacks")]
        private static void ScanStacks()
        {
            RuntimeHeap.ScanConservatively((byte*)Cpu.StackPointer, (byte*)Cpu.BootStackTop);
        }
    }
}
