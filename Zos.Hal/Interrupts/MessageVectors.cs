using Zos.Hal.Apic;

namespace Zos.Hal.Interrupts
{
    // IDT vectors for message-signalled interrupts (MSI, MSI-X): each vector
    // belongs to one handler, for good. They lie above the IrqLines' vectors
    // (48-111) and below 0xD0 (the pci.edu_msi test) and the tick (0xF0).
    // A message is edge-triggered and goes to the local APIC directly, so the
    // handler runs and the APIC gets its end-of-interrupt; nothing is masked.
    // Vectors are never freed: a driver instance keeps its vectors across
    // restarts (its device's messages are disabled in between).
    public static unsafe class MessageVectors
    {
        public const int First = IrqLines.LineVectorBase + IrqLines.MaxLines;
        public const int Count = 0xD0 - First;

        private static readonly IrqHandler[] s_handlers = new IrqHandler[Count];
        private static readonly ulong[] s_counts = new ulong[Count];
        private static int s_allocated;

        public static int Allocated => s_allocated;

        // Messages need the boot CPU's local APIC.
        public static bool Available => LocalApic.IsEnabled;

        // The next free vector, now routed to handler; -1 with error when none is left.
        public static int Allocate(IrqHandler handler, out string error)
        {
            error = null;
            if (!Available)
            {
                error = "no local APIC to deliver messages to";
                return -1;
            }
            ulong flags = Cpu.DisableInterruptsSaving();
            int index = s_allocated;
            if (index < Count)
            {
                s_handlers[index] = handler;
                s_allocated = index + 1;
                InterruptTable.SetHandler(First + index, &OnMessage);
            }
            Cpu.RestoreInterrupts(flags);
            if (index < Count) return First + index;
            error = "all " + Count.ToString() + " message vectors (0x" + First.ToString("x2") + "-0x" + (First + Count - 1).ToString("x2") + ") are taken";
            return -1;
        }

        // Messages that arrived at an allocated vector.
        public static ulong CountOf(int vector) => vector >= First && vector < First + s_allocated ? s_counts[vector - First] : 0;

        private static void OnMessage(InterruptFrame* frame)
        {
            int index = (int)frame->Vector - First;
            s_counts[index]++;
            s_handlers[index].Handle();
            LocalApic.EndOfInterrupt();
        }
    }
}
