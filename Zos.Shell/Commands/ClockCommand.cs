using Zos.Hal.Timing;
using Zos.Kernel.Platform;

namespace Zos.Shell.Commands
{
    // The clock: what it was calibrated against and how, its rate now, and
    // how the discipline keeps it on the reference (one "key: value" per line).
    public sealed class ClockCommand : ShellCommand
    {
        public override string Name => "clock";
        public override string Usage => "clock";
        public override string Summary => "the clock's calibration, rate and corrections against the HPET";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            output.WriteLine("calibration: " + TimestampClock.Calibration);
            output.WriteLine("tsc_hz: " + TimestampClock.TicksPerSecond.ToString());
            output.WriteLine("uptime_ms: " + (TimestampClock.NanosecondsSinceBoot / 1_000_000).ToString());
            ClockDiscipline discipline = KernelClock.Discipline;
            if (discipline is null)
            {
                output.WriteLine("discipline: none (" + KernelClock.NoDisciplineReason + ")");
                return null;
            }
            output.WriteLine("discipline: hpet every " + KernelClock.LookPeriodMilliseconds.ToString() + " ms");
            output.WriteLine("corrections: " + discipline.Corrections.ToString());
            output.WriteLine("skipped_looks: " + discipline.SkippedLooks.ToString());
            output.WriteLine("measured_tsc_hz: " + discipline.MeasuredTicksPerSecond.ToString());
            output.WriteLine("offset_ns: " + discipline.LastOffsetNanoseconds.ToString());
            return null;
        }
    }
}
