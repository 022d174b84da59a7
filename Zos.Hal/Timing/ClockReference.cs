namespace Zos.Hal.Timing
{
    // A free-running counter of known frequency that the TSC is measured
    // against: the HPET's main counter, or the ACPI power-management timer.
    // Counters narrower than 64 bits wrap; Elapsed takes that into account
    // for intervals shorter than one wrap.
    public abstract class ClockReference
    {
        // "hpet", "acpi-pm": for the clock's calibration line.
        public abstract string Name { get; }
        public abstract ulong FrequencyHz { get; }
        public abstract int Bits { get; }

        public abstract ulong Read();

        public abstract ulong Nanoseconds(ulong counts);

        public ulong Elapsed(ulong from, ulong to) => Bits >= 64 ? to - from : (to - from) & ((1UL << Bits) - 1);
    }

    // The ACPI power-management timer (ACPI 6.5, 4.8.3.3): a 3.579545 MHz
    // counter read as a 32-bit I/O port, 24 or 32 bits of it valid.
    public sealed class PmTimer(ushort port, int bits) : ClockReference
    {
        public const ulong Hz = 3_579_545;

        public override string Name => "acpi-pm";
        public override ulong FrequencyHz => Hz;
        public override int Bits => bits;

        public override ulong Read() => PortIo.Read32(port) & (bits >= 32 ? 0xFFFF_FFFFu : (1u << bits) - 1);

        public override ulong Nanoseconds(ulong counts) => TscCalibration.Scale(counts, 1_000_000_000UL, Hz);
    }
}
