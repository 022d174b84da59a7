namespace Zos.Hal.Timing
{
    // The monotonic clock: the CPU's time-stamp counter, calibrated at boot
    // against the best reference the machine has (TscCalibrator) and kept on
    // it afterwards (ClockDiscipline, run by the kernel in the tick). It reads
    // 0 at the end of calibration. A new rate starts from where the clock
    // stands, so it never jumps and never runs backwards; readers take the
    // anchor and the counter with interrupts off and Retune changes it with
    // interrupts off, so on one CPU nobody sees half of a change, and Retune
    // allocates nothing (it runs in interrupt context).
    public static class TimestampClock
    {
        // At BaseTicks the clock read BaseNanoseconds; it runs at TicksPerSecond from there.
        private sealed class Anchor(ulong baseTicks, ulong baseNanoseconds, ulong ticksPerSecond)
        {
            public ulong BaseTicks = baseTicks;
            public ulong BaseNanoseconds = baseNanoseconds;
            public ulong TicksPerSecond = ticksPerSecond;

            public ulong At(ulong ticks) =>
                BaseNanoseconds + TscCalibration.Scale(ticks > BaseTicks ? ticks - BaseTicks : 0, 1_000_000_000UL, TicksPerSecond);
        }

        private static Anchor s_anchor;

        public static ulong TicksPerSecond => s_anchor?.TicksPerSecond ?? 0;
        // What the calibration used and found ("hpet 100000000 Hz, 7 windows, 0 rejected").
        public static string Calibration { get; private set; } = "not calibrated";
        // The ticks at which the clock read 0.
        public static ulong StartTicks { get; private set; }

        // Starts the clock at 0 at these ticks.
        public static void Start(ulong ticks, ulong ticksPerSecond, string calibration)
        {
            s_anchor = new Anchor(ticks, 0, ticksPerSecond);
            StartTicks = ticks;
            Calibration = calibration;
        }

        // The clock's reading at these ticks, at the current rate.
        public static ulong NanosecondsAt(ulong ticks) => s_anchor?.At(ticks) ?? 0;

        public static ulong NanosecondsSinceBoot
        {
            get
            {
                ulong flags = Cpu.DisableInterruptsSaving();
                Anchor anchor = s_anchor;
                ulong ticks = Cpu.ReadTimestampCounter();
                Cpu.RestoreInterrupts(flags);
                return anchor?.At(ticks) ?? 0;
            }
        }

        // Runs at a new rate from now on, continuing from the current reading.
        public static void Retune(ulong ticksPerSecond)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            Anchor anchor = s_anchor;
            ulong ticks = Cpu.ReadTimestampCounter();
            anchor.BaseNanoseconds = anchor.At(ticks);
            anchor.BaseTicks = ticks;
            anchor.TicksPerSecond = ticksPerSecond;
            Cpu.RestoreInterrupts(flags);
        }
    }
}
