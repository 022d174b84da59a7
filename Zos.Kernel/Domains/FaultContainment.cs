using System;
using Zos.Hal;
using Zos.Hal.Interrupts;
using Zos.Hal.Timing;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Domains
{
    // Decides whether a fault can be contained: it can when it happened on a
    // thread of a fault domain, in code running with interrupts enabled (so not
    // inside an interrupt handler or a scheduler critical section, where the
    // kernel's own state may be half-changed). Then the domain is stopped and
    // this never returns; otherwise the caller panics.
    public static unsafe class FaultContainment
    {
        // The CPU exception handler: contain, else panic.
        public static void OnCpuException(InterruptFrame* frame)
        {
            KernelThread thread = Scheduler.Current;
            bool containable = thread?.Domain is not null && (frame->Rflags & 0x200) != 0
                && frame->Vector != ExceptionVector.DoubleFault && frame->Vector != ExceptionVector.MachineCheck && frame->Vector != ExceptionVector.Nmi;
            if (!containable)
            {
                Panic.OnCpuException(frame);
                return;
            }
            FaultSnapshot snapshot = Panic.Snapshot(frame);
            string kind = PanicReport.Classify(snapshot);
            string message = ExceptionVector.Name(frame->Vector) + (frame->Vector == ExceptionVector.PageFault ? " at " + snapshot.Cr2.ToString("x") : "");
            Contain(thread, kind, message, frame->Rip);
        }

        // A runtime failure (unhandled exception, stack corruption) on the current
        // thread; returns only if it cannot be contained. The fault is placed in
        // the first caller outside the runtime, since "ThrowHelpers" says little.
        public static void OnRuntimeFailure(string cause, string exceptionType, ReadOnlySpan<char> message, ulong address,
            ulong[] backtrace, int frames, bool wasInterruptible)
        {
            KernelThread thread = Scheduler.Current;
            if (thread?.Domain is null || !wasInterruptible) return;
            string text = exceptionType is null ? new string(message) : exceptionType + ": " + new string(message);
            // No address (a failure the runtime raised, not a throw): the backtrace says where.
            for (int i = 0; i < frames && (address == 0 || IsRuntimeCode(address)); i++) address = backtrace[i];
            Contain(thread, cause, text, address);
        }

        private static bool IsRuntimeCode(ulong address) =>
            Panic.Symbols.TryLookup(address, out string name, out _) && (name.StartsWith("Internal.Runtime.") || name.StartsWith("System.") || name.StartsWith("Zos.Runtime.")
                || name.StartsWith("zos_") || name.StartsWith("Rhp"));

        private static void Contain(KernelThread thread, string kind, string message, ulong address)
        {
            Cpu.DisableInterrupts();
            var record = new FaultRecord(kind, message, Panic.Symbols.Describe(address), address, thread.Name, TimestampClock.NanosecondsSinceBoot);
            // The faulting thread cannot go on, whatever locks it holds.
            thread.Domain.Stop(record, callerCannotContinue: true);
        }
    }
}
