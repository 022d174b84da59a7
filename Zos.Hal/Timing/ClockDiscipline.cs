namespace Zos.Hal.Timing
{
    // Keeps the TSC clock on the reference after boot. It remembers the
    // instant of calibration in both clocks; at every look it measures the
    // TSC's rate against the reference over the whole time since (so the
    // estimate only gets better), and picks the rate the clock runs at until
    // the next look: the measured one, adjusted so that the clock meets the
    // reference again by then, and never less than half or more than twice
    // real speed, so the clock never jumps and never runs backwards (a
    // new rate starts where the old one left the clock). Portable.
    public sealed class ClockDiscipline(ulong startTicks, ulong startReferenceNanoseconds)
    {
        public ulong StartTicks { get; } = startTicks;
        public ulong StartReferenceNanoseconds { get; } = startReferenceNanoseconds;
        public int Corrections { get; private set; }
        public int SkippedLooks { get; private set; }
        // The last look's measured rate and how far the clock was from the reference (positive: ahead).
        public ulong MeasuredTicksPerSecond { get; private set; }
        public long LastOffsetNanoseconds { get; private set; }

        // One look: the TSC and the reference read together (slowRead when the
        // reading was interrupted: the look is skipped), and what the clock
        // says at those ticks. Returns the rate to run at, or 0 to keep the
        // current one.
        public ulong Look(ulong ticks, ulong referenceNanoseconds, ulong clockNanoseconds, bool slowRead, ulong periodNanoseconds)
        {
            if (slowRead || ticks <= StartTicks || referenceNanoseconds <= StartReferenceNanoseconds)
            {
                SkippedLooks++;
                return 0;
            }
            ulong referenceElapsed = referenceNanoseconds - StartReferenceNanoseconds;
            MeasuredTicksPerSecond = TscCalibration.Rate(ticks - StartTicks, referenceElapsed);
            LastOffsetNanoseconds = (long)clockNanoseconds - (long)referenceElapsed;
            Corrections++;
            return RateToMeet(MeasuredTicksPerSecond, LastOffsetNanoseconds, periodNanoseconds);
        }

        // Over the next period the clock must advance period - offset (clamped to
        // [period/2, 2 period]) while the TSC advances measured * period.
        public static ulong RateToMeet(ulong measuredTicksPerSecond, long offsetNanoseconds, ulong periodNanoseconds)
        {
            long wanted = (long)periodNanoseconds - offsetNanoseconds;
            long least = (long)periodNanoseconds / 2, most = (long)periodNanoseconds * 2;
            ulong advance = (ulong)(wanted < least ? least : wanted > most ? most : wanted);
            return TscCalibration.Scale(measuredTicksPerSecond, periodNanoseconds, advance);
        }
    }
}
