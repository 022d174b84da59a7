using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    public sealed class BenchCommand : ShellCommand
    {
        private const int Switches = 20_000;
        private const int PortReads = 200_000;

        public override string Name => "bench";
        public override string Usage => "bench switch|tick|ports";
        public override string Summary => "measure context switches, the timer tick handler, or checked vs direct port reads";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 1) return "bench takes one argument";
            switch (arguments[0])
            {
                case "switch":
                    ulong ns = SchedulerBenchmarks.ContextSwitchNanoseconds(Switches, out string error);
                    if (error is not null) return error;
                    output.WriteLine("context_switch_ns: " + ns.ToString());
                    output.WriteLine("switches: " + Switches.ToString());
                    return null;
                case "tick":
                    ulong handler = SchedulerBenchmarks.TickHandlerNanoseconds(out ulong ticks);
                    output.WriteLine("tick_handler_ns: " + handler.ToString());
                    output.WriteLine("ticks_measured: " + ticks.ToString());
                    return null;
                case "ports":
                    string portError = PortBenchmark.Measure(PortReads, out ulong direct, out ulong checkedRead);
                    if (portError is not null) return portError;
                    output.WriteLine("port_read_direct_ns: " + direct.ToString());
                    output.WriteLine("port_read_checked_ns: " + checkedRead.ToString());
                    output.WriteLine("port_reads: " + PortReads.ToString());
                    return null;
                default:
                    return "unknown benchmark '" + arguments[0] + "'";
            }
        }
    }
}
