using Zos.Hal.Native;

namespace Zos.Hal
{
    // The processor the kernel runs on: interrupts on/off, halting, time stamps,
    // identification and the registers a panic report shows.
    public static unsafe class Cpu
    {
        public static void DisableInterrupts() => NativeCpu.DisableInterrupts();

        public static void EnableInterrupts() => NativeCpu.EnableInterrupts();

        // For short critical sections on this CPU: returns the state to hand back
        // to RestoreInterrupts, so that sections nest.
        public static ulong DisableInterruptsSaving() => NativeCpu.DisableInterruptsSaving();

        public static void RestoreInterrupts(ulong savedFlags) => NativeCpu.RestoreInterrupts(savedFlags);

        public static bool InterruptsEnabled => (NativeCpu.ReadRflags() & 0x200) != 0;

        public static ulong ReadMsr(uint msr) => NativeCpu.ReadMsr(msr);

        public static void WriteMsr(uint msr, ulong value) => NativeCpu.WriteMsr(msr, value);

        public static void InvalidatePage(ulong virtualAddress) => NativeCpu.InvalidatePage(virtualAddress);

        // Saves the running context's stack pointer in *save and resumes the one
        // saved at next (see context.asm); returns when something switches back.
        public static void SwitchContext(ulong* save, ulong next) => NativeCpu.ContextSwitch(save, next);

        // Prepares a fresh stack so that switching to the returned stack pointer
        // starts the kernel's thread entry (zos_thread_main) with interrupts off.
        public static ulong PrepareContext(ulong stackTop) => NativeCpu.ContextPrepare(stackTop);

        // Sleeps until the next interrupt, with no window in which one could be missed.
        public static void WaitForInterrupt() => NativeCpu.EnableInterruptsAndHalt();

        public static void HaltForever()
        {
            NativeCpu.DisableInterrupts();
            while (true) NativeCpu.Halt();
        }

        public static void Pause() => NativeCpu.Pause();

        public static ulong ReadTimestampCounter() => NativeCpu.ReadTimestampCounter();

        public static ulong Cr0 => NativeCpu.ReadCr0();
        public static ulong Cr2 => NativeCpu.ReadCr2();
        public static ulong Cr3 => NativeCpu.ReadCr3();
        public static ulong Cr4 => NativeCpu.ReadCr4();
        public static ulong Rflags => NativeCpu.ReadRflags();
        public static ulong FramePointer => NativeCpu.ReadRbp();
        public static ulong StackPointer => NativeCpu.ReadRsp();

        // The top (highest address) of the stack the boot processor starts on.
        public static ulong BootStackTop => NativeCpu.BootStackTop();

        // The interrupt stacks lie right above the boot stack, up to here.
        public static ulong InterruptStacksTop => NativeCpu.InterruptStacksTop();

        public static CpuidResult Cpuid(uint leaf, uint subleaf = 0)
        {
            CpuidResult result;
            NativeCpu.Cpuid(leaf, subleaf, (uint*)&result);
            return result;
        }

        // Executes an undefined instruction: used by the shell's `fault opcode`.
        public static void ExecuteInvalidOpcode() => NativeCpu.InvalidOpcode();

        public static void Reset()
        {
            // The 8042 keyboard controller's reset line first; a triple fault if that does nothing.
            PortIo.Write8(0x64, 0xFE);
            NativeCpu.TripleFault();
        }
    }
}
