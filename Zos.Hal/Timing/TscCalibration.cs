namespace Zos.Hal.Timing
{
    // One calibration window: how far the TSC and the reference clock moved
    // between its two ends, and how long (in TSC ticks) the slower of its two
    // end readings took. Each end reads the TSC, the reference, the TSC again:
    // a reading that took long was interrupted (a host stall of the virtual
    // CPU, an SMI) and its two clocks may not belong to the same instant.
    public readonly struct CalibrationWindow(ulong tscTicks, ulong referenceNanoseconds, ulong slowestReadTicks)
    {
        public ulong TscTicks { get; } = tscTicks;
        public ulong ReferenceNanoseconds { get; } = referenceNanoseconds;
        public ulong SlowestReadTicks { get; } = slowestReadTicks;

        public ulong TicksPerSecond => ReferenceNanoseconds == 0 ? 0 : TscCalibration.Rate(TscTicks, ReferenceNanoseconds);
    }

    // Turns calibration windows into the TSC's frequency, trusting only what
    // several windows agree on: windows whose end readings were slow (a stall
    // between the two clocks' reads) or whose rate is outside a sane range go
    // first; of the rest, those within AgreementPpm of their median must be at
    // least MinimumAgreeing, and their mean is the answer. Portable: the kernel
    // measures the windows, host tests feed stalled and noisy ones.
    public static class TscCalibration
    {
        public const ulong MinimumHz = 100_000_000UL;
        public const ulong MaximumHz = 20_000_000_000UL;
        public const ulong AgreementPpm = 2000;
        public const int MinimumAgreeing = 3;
        // A reading slower than this many times the fastest one was interrupted.
        public const ulong SlowReadFactor = 8;

        // Ticks per second over this many nanoseconds; from a second on, counted in microseconds, so that
        // baselines of days do not overflow (1 ppm is still resolved).
        public static ulong Rate(ulong ticks, ulong nanoseconds) =>
            nanoseconds < 1_000_000_000UL ? Scale(ticks, 1_000_000_000UL, nanoseconds) : Scale(ticks, 1_000_000UL, nanoseconds / 1000);

        // value * multiplier / divisor without the product overflowing (while divisor * multiplier fits 64 bits).
        public static ulong Scale(ulong value, ulong multiplier, ulong divisor) =>
            value / divisor * multiplier + value % divisor * multiplier / divisor;

        // The frequency, or 0 with the reason; used and rejected count the windows.
        public static ulong Decide(CalibrationWindow[] windows, out int used, out int rejected, out string error)
        {
            used = 0;
            rejected = 0;
            error = null;
            ulong fastestRead = ulong.MaxValue;
            for (int i = 0; i < windows.Length; i++)
                if (windows[i].SlowestReadTicks < fastestRead) fastestRead = windows[i].SlowestReadTicks;
            ulong slowReadLimit = (fastestRead == 0 ? 1 : fastestRead) * SlowReadFactor;

            var rates = new ulong[windows.Length];
            int sane = 0;
            for (int i = 0; i < windows.Length; i++)
            {
                ulong rate = windows[i].TicksPerSecond;
                if (windows[i].SlowestReadTicks > slowReadLimit || rate < MinimumHz || rate > MaximumHz) continue;
                rates[sane++] = rate;
            }
            if (sane == 0)
            {
                rejected = windows.Length;
                error = "no window gave a plausible rate (" + windows.Length.ToString() + " measured)";
                return 0;
            }
            ulong median = Median(rates, sane);
            ulong tolerance = median / 1_000_000UL * AgreementPpm;
            ulong sum = 0;
            for (int i = 0; i < sane; i++)
            {
                ulong distance = rates[i] > median ? rates[i] - median : median - rates[i];
                if (distance > tolerance) continue;
                sum += rates[i];
                used++;
            }
            rejected = windows.Length - used;
            if (used < MinimumAgreeing)
            {
                error = "only " + used.ToString() + " of " + windows.Length.ToString() + " windows agree within "
                    + (AgreementPpm / 10_000UL).ToString() + "." + (AgreementPpm / 1000 % 10).ToString() + " %";
                return 0;
            }
            return sum / (ulong)used;
        }

        // Sorts the first count rates in place (a handful: insertion sort) and takes the middle one.
        private static ulong Median(ulong[] rates, int count)
        {
            for (int i = 1; i < count; i++)
            {
                ulong rate = rates[i];
                int j = i - 1;
                for (; j >= 0 && rates[j] > rate; j--) rates[j + 1] = rates[j];
                rates[j + 1] = rate;
            }
            return rates[count / 2];
        }
    }
}
