using Zos.Hal.Memory;

namespace Zos.Hal.Timing
{
    // The HPET's main counter, the machine's best clock reference (IA-PC HPET
    // specification 1.0a, 2.3): the general capabilities register (offset 0)
    // gives the counter's period in femtoseconds in bits 63:32, bit 0 of the
    // general configuration register (0x10) makes it count, and the main
    // counter is at 0xF0.
    public sealed class HpetCounter : ClockReference
    {
        private const ulong CapabilitiesRegister = 0x000, ConfigurationRegister = 0x010, MainCounterRegister = 0x0F0;
        private const ulong EnableCounter = 1;
        // COUNT_SIZE_CAP: a 64-bit main counter.
        private const ulong Counter64Bit = 1UL << 13;
        // The specification's bound: a period of at most 100 ns.
        private const ulong LongestPeriodFemtoseconds = 100_000_000;

        private readonly PhysicalMemory _memory;
        private readonly ulong _base;

        private HpetCounter(PhysicalMemory memory, ulong baseAddress, ulong periodFemtoseconds, int bits)
        {
            _memory = memory;
            _base = baseAddress;
            PeriodFemtoseconds = periodFemtoseconds;
            Bits = bits;
        }

        public ulong PeriodFemtoseconds { get; }
        public override string Name => "hpet";
        public override ulong FrequencyHz => 1_000_000_000_000_000UL / PeriodFemtoseconds;
        public override int Bits { get; }

        // Starts the counter if it is not counting yet; null with the reason when there is no usable HPET there.
        public static HpetCounter TryStart(PhysicalMemory memory, ulong baseAddress, out string error)
        {
            if (!memory.Reaches(baseAddress, 0x100, out error)) return null;
            ulong capabilities = memory.Read64(baseAddress + CapabilitiesRegister);
            ulong period = capabilities >> 32;
            if (period == 0 || period > LongestPeriodFemtoseconds)
            {
                error = "HPET at 0x" + baseAddress.ToString("x") + " reports a period of " + period.ToString() + " fs";
                return null;
            }
            ulong configuration = memory.Read64(baseAddress + ConfigurationRegister);
            if ((configuration & EnableCounter) == 0) memory.Write64(baseAddress + ConfigurationRegister, configuration | EnableCounter);
            return new HpetCounter(memory, baseAddress, period, (capabilities & Counter64Bit) != 0 ? 64 : 32);
        }

        public override ulong Read() => Bits == 64 ? _memory.Read64(_base + MainCounterRegister) : _memory.Read32(_base + MainCounterRegister);

        public override ulong Nanoseconds(ulong counts) => TscCalibration.Scale(counts, PeriodFemtoseconds, 1_000_000UL);
    }
}
