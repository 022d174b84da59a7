using Zos.Hal.Acpi;
using Zos.Hal.Memory;
using Zos.Hal.Timing;
using Zos.Kernel.Boot;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Platform
{
    // The kernel's clock: calibrated at boot against the HPET the ACPI tables
    // name (else the ACPI PM timer, else the PIT), then kept on the HPET by a look once a second in
    // the tick (ClockDiscipline). Option clock.calibration_stall_ms=N makes one
    // calibration window's end reading wait N ms, as a host stall of the
    // virtual CPU would: the test that the calibration sees through it.
    public static class KernelClock
    {
        public const int LookPeriodMilliseconds = 1000;
        public const string StallOption = "clock.calibration_stall_ms";
        private const int StalledWindow = 2;

        private static HpetCounter s_hpet;
        private static KernelTimer s_look;
        private static ulong s_fastestRead = ulong.MaxValue;

        // Null without a 64-bit HPET (the clock then runs at its calibrated rate).
        public static ClockDiscipline Discipline { get; private set; }
        // Why there is no discipline, when there is none.
        public static string NoDisciplineReason { get; private set; }

        // Against the HPET, else the ACPI PM timer, else the PIT.
        public static void Calibrate(AcpiTables tables, KernelCommandLine options)
        {
            string why = "the ACPI tables name no HPET";
            if (tables?.Hpet is not null)
                s_hpet = HpetCounter.TryStart(IdentityMappedMemory.Instance, tables.Hpet.BaseAddress.Address, out why);
            FadtTable fadt = tables?.Fadt;
            ClockReference reference = s_hpet is not null ? s_hpet : fadt is not null && fadt.PmTimerPort != 0 ? new PmTimer(fadt.PmTimerPort, fadt.PmTimerBits) : null;
            ulong stall = 0;
            if (options.TryGet(StallOption, out string text) && DecimalArgument.TryParse(text, out ulong milliseconds)) stall = milliseconds * 1_000_000UL;
            ulong startCount = TscCalibrator.Calibrate(reference, stall == 0 ? -1 : StalledWindow, stall);
            // Since calibration, over hours: only a counter that does not wrap will do.
            if (s_hpet is not null && s_hpet.Bits == 64) Discipline = new ClockDiscipline(TimestampClock.StartTicks, s_hpet.Nanoseconds(startCount));
            else NoDisciplineReason = s_hpet is null ? why : "the HPET's counter is 32 bits wide";
        }

        // After the scheduler: a look every second, in the tick (no thread: a
        // thread's stack full of clock readings would be scanned by the
        // conservative collector, and a reading that happens to look like a
        // heap address keeps whatever lives there).
        public static void StartDiscipline()
        {
            if (Discipline is null) return;
            s_look = new KernelTimer(Look);
            s_look.Start(LookPeriodMilliseconds, LookPeriodMilliseconds);
        }

        // Under the IrqHandler contract: no allocation, no blocking.
        private static void Look()
        {
            const ulong period = LookPeriodMilliseconds * 1_000_000UL;
            TscCalibrator.ReadTogether(s_hpet, 0, out ulong ticks, out ulong counter, out ulong took);
            if (took < s_fastestRead) s_fastestRead = took;
            bool slow = took > s_fastestRead * TscCalibration.SlowReadFactor;
            ulong rate = Discipline.Look(ticks, s_hpet.Nanoseconds(counter), TimestampClock.NanosecondsAt(ticks), slow, period);
            if (rate != 0) TimestampClock.Retune(rate);
        }
    }
}
