using Zos.Hal.Acpi;
using Zos.Hal.Apic;

namespace Zos.Hal.Interrupts
{
    // Hardware interrupt lines and their handlers. A line is a global system
    // interrupt (GSI) routed through an I/O APIC to vector LineVectorBase + GSI;
    // with no I/O APIC the 8259 pair is the fallback and lines are its IRQs 0-15.
    // Several handlers may share a line; all run, in attach order.
    public static unsafe class IrqLines
    {
        public const int MaxLines = 64;
        public const int LineVectorBase = 48;

        private static IoApic[] s_ioApics = [];
        private static MadtTable s_madt;
        private static bool s_usePic;
        private static readonly IrqHandler[][] s_handlers = new IrqHandler[MaxLines][];
        private static readonly ulong[] s_counts = new ulong[MaxLines];
        private static readonly ulong[] s_unclaimed = new ulong[MaxLines];

        public static bool UsesPic => s_usePic;

        // The I/O APICs found in the MADT, whose overrides say where ISA IRQs
        // arrive; the legacy PIC is remapped and fully masked.
        public static void UseIoApics(IoApic[] ioApics, MadtTable madt)
        {
            Pic.Remap();
            Pic.MaskAll();
            s_ioApics = ioApics;
            s_madt = madt;
            s_usePic = false;
        }

        // The line an ISA device's IRQ (0-15) arrives on.
        public static uint IsaLine(byte irq) => IsaRoute(irq).Gsi;

        // Attaches to an ISA IRQ with the polarity and trigger the MADT gives it.
        public static string AttachIsa(byte irq, IrqHandler handler)
        {
            IsaIrqRoute route = IsaRoute(irq);
            return Attach(route.Gsi, handler, route.Polarity, route.Trigger);
        }

        // The 8259's lines are the ISA IRQs themselves; behind I/O APICs the MADT says.
        private static IsaIrqRoute IsaRoute(byte irq) => s_usePic || s_madt is null ? IsaIrqRoute.Identity(irq) : s_madt.RouteIsaIrq(irq);

        public static void DetachIsa(byte irq, IrqHandler handler) => Detach(IsaLine(irq), handler);

        // Fallback for machines without an I/O APIC: lines are 8259 IRQs at vectors 32-47.
        public static void UsePic()
        {
            Pic.Remap();
            s_usePic = true;
        }

        public static int VectorFor(uint line) => s_usePic ? Pic.VectorBase + (int)line : LineVectorBase + (int)line;

        // Returns null, or why the line cannot be used.
        public static string Attach(uint line, IrqHandler handler, IrqPolarity polarity, IrqTrigger trigger)
        {
            if (line >= MaxLines || (s_usePic && line >= Pic.LineCount)) return "interrupt line " + line.ToString() + " does not exist";
            IoApic ioApic = null;
            if (!s_usePic)
            {
                ioApic = IoApicFor(line);
                if (ioApic is null) return "no I/O APIC serves interrupt line " + line.ToString();
            }
            ulong flags = Cpu.DisableInterruptsSaving();
            IrqHandler[] existing = s_handlers[line];
            bool first = existing is null || existing.Length == 0;
            s_handlers[line] = Append(existing, handler);
            if (first)
            {
                int vector = VectorFor(line);
                InterruptTable.SetHandler(vector, &OnLineInterrupt);
                if (s_usePic) Pic.Unmask((int)line);
                else
                {
                    ioApic.Route(line, vector, polarity, trigger, LocalApic.Id);
                    ioApic.Unmask(line);
                }
            }
            Cpu.RestoreInterrupts(flags);
            return null;
        }

        public static void Detach(uint line, IrqHandler handler)
        {
            if (line >= MaxLines) return;
            ulong flags = Cpu.DisableInterruptsSaving();
            IrqHandler[] remaining = Remove(s_handlers[line], handler);
            s_handlers[line] = remaining;
            if (remaining.Length == 0)
            {
                if (s_usePic) Pic.Mask((int)line);
                else IoApicFor(line)?.Mask(line);
            }
            Cpu.RestoreInterrupts(flags);
        }

        // Masks or unmasks one line at its controller, whoever is attached: a
        // driver's handler masks its level-triggered line until the driver's
        // thread has serviced the device.
        public static void Mask(uint line) => SetMasked(line, true);

        public static void Unmask(uint line) => SetMasked(line, false);

        public static ulong Count(uint line) => line < MaxLines ? s_counts[line] : 0;
        public static ulong UnclaimedCount(uint line) => line < MaxLines ? s_unclaimed[line] : 0;
        public static int HandlerCount(uint line) => line < MaxLines && s_handlers[line] is not null ? s_handlers[line].Length : 0;

        private static void OnLineInterrupt(InterruptFrame* frame)
        {
            uint line = (uint)((int)frame->Vector - (s_usePic ? Pic.VectorBase : LineVectorBase));
            s_counts[line]++;
            IrqHandler[] handlers = s_handlers[line];
            bool claimed = false;
            if (handlers is not null)
                for (int i = 0; i < handlers.Length; i++) claimed |= handlers[i].Handle();
            if (!claimed) s_unclaimed[line]++;
            if (s_usePic) Pic.EndOfInterrupt((int)line);
            else LocalApic.EndOfInterrupt();
        }

        private static void SetMasked(uint line, bool masked)
        {
            if (line >= MaxLines) return;
            ulong flags = Cpu.DisableInterruptsSaving();
            if (s_usePic)
            {
                if (line < Pic.LineCount)
                {
                    if (masked) Pic.Mask((int)line);
                    else Pic.Unmask((int)line);
                }
            }
            else
            {
                IoApic ioApic = IoApicFor(line);
                if (masked) ioApic?.Mask(line);
                else ioApic?.Unmask(line);
            }
            Cpu.RestoreInterrupts(flags);
        }

        private static IoApic IoApicFor(uint gsi)
        {
            for (int i = 0; i < s_ioApics.Length; i++)
                if (s_ioApics[i].Handles(gsi)) return s_ioApics[i];
            return null;
        }

        // Handler lists are replaced, never edited in place, so the interrupt path
        // always sees a complete array.
        private static IrqHandler[] Append(IrqHandler[] list, IrqHandler handler)
        {
            int length = list is null ? 0 : list.Length;
            var result = new IrqHandler[length + 1];
            for (int i = 0; i < length; i++) result[i] = list[i];
            result[length] = handler;
            return result;
        }

        private static IrqHandler[] Remove(IrqHandler[] list, IrqHandler handler)
        {
            if (list is null) return [];
            int kept = 0;
            for (int i = 0; i < list.Length; i++) if (list[i] != handler) kept++;
            var result = new IrqHandler[kept];
            kept = 0;
            for (int i = 0; i < list.Length; i++) if (list[i] != handler) result[kept++] = list[i];
            return result;
        }
    }
}
