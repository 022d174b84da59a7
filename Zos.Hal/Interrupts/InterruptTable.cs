using System.Runtime.InteropServices;
using Zos.Hal.Native;

namespace Zos.Hal.Interrupts
{
    // The IDT and the managed side of interrupt entry. Every vector cpu.asm has
    // a stub for is routed to Dispatch, which calls the handler registered for
    // it. Handlers run with interrupts disabled (device lines go through
    // IrqLines, which acknowledges them). A CPU exception with no handler goes to
    // the fault handler (the kernel's panic). After any interrupt that is not a
    // CPU exception the exit hook runs: the scheduler switches threads there.
    public static unsafe class InterruptTable
    {
        public const int VectorCount = 256;
        private const ushort KernelCodeSelector = 0x08;

        private static IdtStorage s_idt;
        private static HandlerTable s_handlers;
        private static delegate*<InterruptFrame*, void> s_faultHandler;
        private static delegate*<void> s_exitHook;
        private static ulong s_unhandled;

        private struct IdtStorage
        {
            public fixed ulong Words[VectorCount * 2];
        }

        private struct HandlerTable
        {
            public fixed ulong Entries[VectorCount];
        }

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        private struct IdtDescriptor
        {
            public ushort Limit;
            public ulong Base;
        }

        public static ulong UnhandledCount => s_unhandled;

        // stubs: cpu.asm's table of entry addresses, one per vector from 0, ending with 0.
        public static void Install(ulong* stubs, delegate*<InterruptFrame*, void> faultHandler)
        {
            s_faultHandler = faultHandler;
            for (int vector = 0; vector < VectorCount && stubs[vector] != 0; vector++)
            {
                IdtGate.Encode(stubs[vector], KernelCodeSelector, ExceptionVector.IstFor(vector), IdtGate.InterruptGate, out ulong low, out ulong high);
                s_idt.Words[vector * 2] = low;
                s_idt.Words[vector * 2 + 1] = high;
            }
            IdtDescriptor descriptor;
            descriptor.Limit = VectorCount * 16 - 1;
            fixed (ulong* words = s_idt.Words) descriptor.Base = (ulong)words;
            NativeCpu.LoadIdt(&descriptor);
        }

        public static void SetHandler(int vector, delegate*<InterruptFrame*, void> handler) =>
            s_handlers.Entries[vector] = (ulong)handler;

        public static void SetExitHook(delegate*<void> hook) => s_exitHook = hook;

        [UnmanagedCallersOnly(EntryPoint = "zos_interrupt")]
        private static void Dispatch(InterruptFrame* frame)
        {
            int vector = (int)frame->Vector;
            var handler = (delegate*<InterruptFrame*, void>)s_handlers.Entries[vector];
            if (handler != null) handler(frame);
            else if (vector < ExceptionVector.Count) s_faultHandler(frame);
            else s_unhandled++;
            if (vector >= ExceptionVector.Count && s_exitHook != null) s_exitHook();
        }
    }
}
