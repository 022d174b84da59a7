using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Hal.Native
{
    // The assembly primitives of cpu.asm. Only Zos.Hal calls them; everyone else
    // goes through Cpu, PortIo and the interrupt and memory classes.
    internal static unsafe class NativeCpu
    {
        [RuntimeImport("zos_in8"), MethodImpl(MethodImplOptions.InternalCall)] public static extern byte In8(ushort port);
        [RuntimeImport("zos_in16"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ushort In16(ushort port);
        [RuntimeImport("zos_in32"), MethodImpl(MethodImplOptions.InternalCall)] public static extern uint In32(ushort port);
        [RuntimeImport("zos_out8"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Out8(ushort port, byte value);
        [RuntimeImport("zos_out16"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Out16(ushort port, ushort value);
        [RuntimeImport("zos_out32"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Out32(ushort port, uint value);
        [RuntimeImport("zos_read_cr0"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadCr0();
        [RuntimeImport("zos_read_cr2"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadCr2();
        [RuntimeImport("zos_read_cr3"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadCr3();
        [RuntimeImport("zos_read_cr4"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadCr4();
        [RuntimeImport("zos_read_rflags"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadRflags();
        [RuntimeImport("zos_read_rbp"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadRbp();
        [RuntimeImport("zos_rdtsc"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadTimestampCounter();
        [RuntimeImport("zos_cpuid"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Cpuid(uint leaf, uint subleaf, uint* registers);
        [RuntimeImport("zos_lidt"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void LoadIdt(void* descriptor);
        [RuntimeImport("zos_rdmsr"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadMsr(uint msr);
        [RuntimeImport("zos_wrmsr"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void WriteMsr(uint msr, ulong value);
        [RuntimeImport("zos_invlpg"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void InvalidatePage(ulong address);
        [RuntimeImport("zos_disable_interrupts_saving"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong DisableInterruptsSaving();
        [RuntimeImport("zos_restore_interrupts"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void RestoreInterrupts(ulong rflags);
        [RuntimeImport("zos_context_switch"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void ContextSwitch(ulong* saveStackPointer, ulong nextStackPointer);
        [RuntimeImport("zos_context_prepare"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ContextPrepare(ulong stackTop);
        [RuntimeImport("zos_exception_chain_exchange"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void* ExceptionChainExchange(void* next);
        [RuntimeImport("zos_thread_set_current_id"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void ThreadSetCurrentId(int id);
        [RuntimeImport("zos_monitors_held_by"), MethodImpl(MethodImplOptions.InternalCall)] public static extern int MonitorsHeldBy(int threadId);
        [RuntimeImport("zos_monitors_release_all"), MethodImpl(MethodImplOptions.InternalCall)] public static extern int MonitorsReleaseAll(int threadId);
        [RuntimeImport("zos_stack_walk"), MethodImpl(MethodImplOptions.InternalCall)] public static extern int StackWalk(ulong* context, bool atFault, ulong stackLow, ulong stackHigh, ulong* into, int max);
        [RuntimeImport("zos_exception_thrower_context"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong* ExceptionThrowerContext();
        [RuntimeImport("zos_thread_statics_exchange"), MethodImpl(MethodImplOptions.InternalCall)] public static extern object ThreadStaticsExchange(object next);
        [RuntimeImport("zos_cli"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void DisableInterrupts();
        [RuntimeImport("zos_sti"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void EnableInterrupts();
        [RuntimeImport("zos_sti_hlt"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void EnableInterruptsAndHalt();
        [RuntimeImport("zos_hlt"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Halt();
        [RuntimeImport("zos_pause"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Pause();
        [RuntimeImport("zos_ud2"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void InvalidOpcode();
        [RuntimeImport("zos_triple_fault"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void TripleFault();
        [RuntimeImport("zos_heap_add_region"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void HeapAddRegion(ulong physicalBase, ulong size);
        [RuntimeImport("zos_heap_statistics"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void HeapStatistics(ulong* usedBytes, ulong* capacityBytes, ulong* allocations, ulong* collections);
        [RuntimeImport("zos_heap_set_current_account"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void HeapSetCurrentAccount(int account);
        [RuntimeImport("zos_heap_open_account"), MethodImpl(MethodImplOptions.InternalCall)] public static extern int HeapOpenAccount(ulong quotaBytes);
        [RuntimeImport("zos_heap_close_account"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void HeapCloseAccount(int account);
        [RuntimeImport("zos_heap_account_bytes"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong HeapAccountBytes(int account);
        [RuntimeImport("zos_gc_scan_range"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void GcScanRange(byte* low, byte* high);
        [RuntimeImport("zos_read_rsp"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong ReadRsp();
        [RuntimeImport("zos_interrupt_stacks_top"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong InterruptStacksTop();
        [RuntimeImport("zos_boot_stack_top"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong BootStackTop();
    }
}
