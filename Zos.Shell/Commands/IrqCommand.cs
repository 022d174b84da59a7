using Zos.Hal.Interrupts;
using Zos.Hal.Timing;

namespace Zos.Shell.Commands
{
    public sealed class IrqCommand : ShellCommand
    {
        public override string Name => "irq";
        public override string Usage => "irq";
        public override string Summary => "interrupt counts per line and message vector, timer ticks";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            output.WriteLine("controller: " + (IrqLines.UsesPic ? "8259 pic" : "ioapic"));
            for (uint line = 0; line < IrqLines.MaxLines; line++)
            {
                int handlers = IrqLines.HandlerCount(line);
                ulong count = IrqLines.Count(line);
                if (handlers == 0 && count == 0) continue;
                output.WriteLine("irq " + line.ToString() + " vector=" + IrqLines.VectorFor(line).ToString() + " count=" + count.ToString()
                    + " handlers=" + handlers.ToString() + " unclaimed=" + IrqLines.UnclaimedCount(line).ToString());
            }
            for (int vector = MessageVectors.First; vector < MessageVectors.First + MessageVectors.Allocated; vector++)
                output.WriteLine("msi_vector 0x" + vector.ToString("x2") + " count=" + MessageVectors.CountOf(vector).ToString());
            output.WriteLine("timer_hz: " + TickTimer.Hz.ToString());
            output.WriteLine("timer_ticks: " + TickTimer.Ticks.ToString());
            output.WriteLine("unhandled_vectors: " + InterruptTable.UnhandledCount.ToString());
            return null;
        }
    }
}
