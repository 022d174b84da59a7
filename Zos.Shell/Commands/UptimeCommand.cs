using Zos.Hal.Timing;

namespace Zos.Shell.Commands
{
    public sealed class UptimeCommand : ShellCommand
    {
        public override string Name => "uptime";
        public override string Usage => "uptime";
        public override string Summary => "time since boot";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            ulong ns = TimestampClock.NanosecondsSinceBoot;
            output.WriteLine("uptime_ms: " + (ns / 1_000_000).ToString());
            return null;
        }
    }
}
