using System;
using Zos.Hal.Interrupts;

namespace Zos.Kernel.Diagnostics
{
    // Formats panic reports. The first and last lines are fixed markers so that
    // tools reading the serial console can find a report and parse its
    // "key: value" lines.
    public static class PanicReport
    {
        public const string BeginMarker = "*** ZOS PANIC ***";
        public const string EndMarker = "*** END PANIC ***";
        public const ulong NullPageSize = 4096;

        public static void WriteCpuFault(ReportWriter w, in FaultSnapshot s, SymbolTable symbols, ulong[] backtrace, int frames)
        {
            w.Text(BeginMarker).Line();
            w.Text("cause: ").Text(ExceptionVector.Name(s.Vector)).Text(" (vector ").Decimal(s.Vector).Text(")").Line();
            w.Text("kind: ").Text(Classify(s)).Line();
            w.Text("error code: ").Hex(s.ErrorCode).Line();
            w.Text("rip: ").Hex(s.Rip).Line();
            w.Text("method: ").Text(symbols.Describe(s.Rip)).Line();
            w.Text("cr2: ").Hex(s.Cr2).Line();
            Registers(w, s);
            Backtrace(w, symbols, backtrace, frames);
            w.Text(EndMarker).Line();
        }

        public static void WriteRuntimeFailure(ReportWriter w, string cause, string exceptionType, ReadOnlySpan<char> message, ulong address, SymbolTable symbols, ulong[] backtrace, int frames)
        {
            w.Text(BeginMarker).Line();
            w.Text("cause: ").Text(cause).Line();
            if (exceptionType is not null) w.Text("exception: ").Text(exceptionType).Line();
            w.Text("message: ").Text(message.IsEmpty ? "(none)" : message).Line();
            w.Text("rip: ").Hex(address).Line();
            w.Text("method: ").Text(symbols.Describe(address)).Line();
            Backtrace(w, symbols, backtrace, frames);
            w.Text(EndMarker).Line();
        }

        // What a fault most likely was, in words a C# programmer uses.
        public static string Classify(in FaultSnapshot s) => s.Vector switch
        {
            ExceptionVector.PageFault when s.InStackGuardPage => "stack overflow",
            ExceptionVector.PageFault when s.Cr2 < NullPageSize => "null dereference",
            ExceptionVector.PageFault => (s.ErrorCode & 1) == 0 ? "access to unmapped memory" : "page protection violation",
            ExceptionVector.DivideError => "integer divide by zero",
            ExceptionVector.InvalidOpcode => "invalid opcode",
            ExceptionVector.GeneralProtection => "general protection violation",
            ExceptionVector.DoubleFault => "double fault (fault while handling a fault)",
            _ => "cpu exception",
        };

        private static void Registers(ReportWriter w, in FaultSnapshot s)
        {
            w.Text("rax=").Hex(s.Rax).Text(" rbx=").Hex(s.Rbx).Text(" rcx=").Hex(s.Rcx).Text(" rdx=").Hex(s.Rdx).Line();
            w.Text("rsi=").Hex(s.Rsi).Text(" rdi=").Hex(s.Rdi).Text(" rbp=").Hex(s.Rbp).Text(" rsp=").Hex(s.Rsp).Line();
            w.Text("r8 =").Hex(s.R8).Text(" r9 =").Hex(s.R9).Text(" r10=").Hex(s.R10).Text(" r11=").Hex(s.R11).Line();
            w.Text("r12=").Hex(s.R12).Text(" r13=").Hex(s.R13).Text(" r14=").Hex(s.R14).Text(" r15=").Hex(s.R15).Line();
            w.Text("rflags=").Hex(s.Rflags).Text(" cs=").Hex(s.Cs, 4).Text(" ss=").Hex(s.Ss, 4).Line();
        }

        private static void Backtrace(ReportWriter w, SymbolTable symbols, ulong[] backtrace, int frames)
        {
            w.Text("backtrace:").Line();
            for (int i = 0; i < frames; i++)
                w.Text("  #").Decimal((ulong)i).Char(' ').Hex(backtrace[i]).Char(' ').Text(symbols.Describe(backtrace[i])).Line();
        }
    }
}
