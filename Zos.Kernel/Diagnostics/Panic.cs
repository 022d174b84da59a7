using System.Runtime.InteropServices;
using Zos.Hal;
using Zos.Hal.Interrupts;
using Zos.Kernel.Domains;
using Zos.Kernel.Screen;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Diagnostics
{
    // The end of the line: a CPU exception nobody handles, or a failure the
    // runtime cannot recover from. Prints the report on the serial console, then
    // on the screen, then exits QEMU (when it has an isa-debug-exit device) or halts.
    public static unsafe class Panic
    {
        private const int MaxFrames = 16;
        private const ushort QemuDebugExitPort = 0xF4;
        private const byte QemuExitCodeForPanic = 0x10;     // QEMU exits with (0x10 << 1) | 1 = 33

        // Allocated at boot so that reporting needs no heap.
        private static ReportWriter s_writer;
        private static ulong[] s_backtrace;
        private static SymbolTable s_symbols = SymbolTable.Empty;
        private static bool s_panicking;
        // The thread whose heap exhaustion is being contained: a second one on it panics.
        private static KernelThread s_outOfMemoryBeingContained;

        public static void Initialize()
        {
            s_writer = new ReportWriter(4096);
            s_backtrace = new ulong[MaxFrames];
        }

        public static void UseSymbols(SymbolTable symbols) => s_symbols = symbols;

        public static SymbolTable Symbols => s_symbols;

        // For CPU exceptions that have no handler and that FaultContainment cannot contain.
        public static void OnCpuException(InterruptFrame* frame)
        {
            EnterOnce();
            FaultSnapshot s = Snapshot(frame);
            int frames = Backtrace.FromFault(frame, s_backtrace);
            PanicReport.WriteCpuFault(s_writer, s, s_symbols, s_backtrace, frames);
            FlushAndStop();
        }

        [UnmanagedCallersOnly(EntryPoint = "zos_runtime_fatal")]
        private static void OnRuntimeFailure(int kind, char* message, int length, void* exceptionType, void* returnAddress)
        {
            bool wasInterruptible = Cpu.InterruptsEnabled;
            Cpu.DisableInterrupts();
            string cause = kind switch
            {
                RuntimeFailureKind.UnhandledException => "unhandled exception",
                RuntimeFailureKind.OutOfMemory => "kernel heap exhausted",
                RuntimeFailureKind.HeapRegionTableFull => "kernel heap region table full",
                RuntimeFailureKind.InterfaceDispatch => "interface dispatch failed",
                RuntimeFailureKind.StackCorruption => "stack corruption",
                RuntimeFailureKind.ExceptionDispatch => "exception dispatch failed",
                RuntimeFailureKind.GarbageCollectorMisuse => "garbage collector misuse",
                RuntimeFailureKind.MonitorTableFull => "monitor table full",
                RuntimeFailureKind.MemoryQuotaExceeded => "memory quota exceeded",
                _ => "runtime failure",
            };
            // The heap may be what failed: the message is read in place, never copied.
            string type = exceptionType is null ? null : s_symbols.NameAt((ulong)exceptionType);
            var text = message is null ? default : new System.ReadOnlySpan<char>(message, length);
            int frames = Backtrace.FromCurrentThrow(s_backtrace);
            // Heap exhaustion on a domain's thread is that domain's fault too. Containing it allocates a
            // little (the request that failed is usually large); should that fail as well, this panics.
            KernelThread thread = Scheduler.Current;
            if (kind != RuntimeFailureKind.OutOfMemory || s_outOfMemoryBeingContained != thread)
            {
                if (kind == RuntimeFailureKind.OutOfMemory) s_outOfMemoryBeingContained = thread;
                FaultContainment.OnRuntimeFailure(cause, type, text, (ulong)returnAddress, s_backtrace, frames, wasInterruptible);
            }
            EnterOnce();
            PanicReport.WriteRuntimeFailure(s_writer, cause, type, text, (ulong)returnAddress, s_symbols, s_backtrace, frames);
            FlushAndStop();
        }

        private static void EnterOnce()
        {
            Cpu.DisableInterrupts();
            if (s_panicking)
            {
                KernelConsole.WriteLine("*** ZOS PANIC while panicking; halting ***");
                Stop();
            }
            s_panicking = true;
            s_writer.Clear();
        }

        private static void FlushAndStop()
        {
            KernelConsole.WriteSerial(s_writer.Written);
            // Serial first: should drawing fail, the report is already out.
            KernelScreen.ShowLastWords(s_writer.Written, ConsoleStyle.Panic);
            Stop();
        }

        public static void Stop()
        {
            KernelScreen.ShowLastWords(default, ConsoleStyle.Normal);
            PortIo.Write8(QemuDebugExitPort, QemuExitCodeForPanic);
            Cpu.HaltForever();
        }

        public static FaultSnapshot Snapshot(InterruptFrame* f)
        {
            FaultSnapshot s;
            s.Vector = f->Vector; s.ErrorCode = f->ErrorCode; s.Rip = f->Rip; s.Cr2 = Cpu.Cr2;
            s.Rflags = f->Rflags; s.Cs = f->Cs; s.Ss = f->Ss; s.Rsp = f->Rsp;
            s.Rax = f->Rax; s.Rbx = f->Rbx; s.Rcx = f->Rcx; s.Rdx = f->Rdx; s.Rsi = f->Rsi; s.Rdi = f->Rdi;
            s.Rbp = f->Rbp; s.R8 = f->R8; s.R9 = f->R9; s.R10 = f->R10; s.R11 = f->R11;
            s.R12 = f->R12; s.R13 = f->R13; s.R14 = f->R14; s.R15 = f->R15;
            ThreadStack stack = Scheduler.Current?.Stack;
            s.InStackGuardPage = stack is not null && stack.IsGuardPage(s.Cr2);
            return s;
        }
    }
}
