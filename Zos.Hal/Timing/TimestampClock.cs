namespace Zos.Hal.Timing
{
    // A monotonic clock from the CPU's time-stamp counter, calibrated once at
    // boot against the PIT (channel 2, whose 1.193182 MHz input is fixed).
    public static class TimestampClock
    {
        private const uint PitHz = 1193182;
        private const ushort CalibrationCount = 11932;          // 10 ms of PIT input
        private const ushort PitChannel2 = 0x42, PitCommand = 0x43, SpeakerControl = 0x61;

        private static ulong s_bootTicks;
        private static ulong s_ticksPerSecond;

        public static ulong TicksPerSecond => s_ticksPerSecond;

        public static void Calibrate()
        {
            // Gate channel 2 on, speaker off; mode 0 (count down once), binary.
            byte control = PortIo.Read8(SpeakerControl);
            PortIo.Write8(SpeakerControl, (byte)((control & 0xFC) | 0x01));
            PortIo.Write8(PitCommand, 0xB0);
            PortIo.Write8(PitChannel2, unchecked((byte)CalibrationCount));
            PortIo.Write8(PitChannel2, (byte)(CalibrationCount >> 8));
            // Restart the count by toggling the gate, then wait for OUT2 (bit 5) to go high.
            control = PortIo.Read8(SpeakerControl);
            PortIo.Write8(SpeakerControl, (byte)(control & 0xFE));
            PortIo.Write8(SpeakerControl, (byte)(control | 0x01));
            ulong start = Cpu.ReadTimestampCounter();
            while ((PortIo.Read8(SpeakerControl) & 0x20) == 0) Cpu.Pause();
            ulong end = Cpu.ReadTimestampCounter();
            s_ticksPerSecond = TicksPerSecondFrom(end - start, CalibrationCount);
            s_bootTicks = start;
        }

        public static ulong TicksPerSecondFrom(ulong elapsedTicks, uint pitCount) =>
            pitCount == 0 ? 0 : elapsedTicks * PitHz / pitCount;

        public static ulong NanosecondsSinceBoot
        {
            get
            {
                if (s_ticksPerSecond == 0) return 0;
                ulong ticks = Cpu.ReadTimestampCounter() - s_bootTicks;
                // Split to avoid overflowing ticks * 1e9.
                return ticks / s_ticksPerSecond * 1_000_000_000UL + ticks % s_ticksPerSecond * 1_000_000_000UL / s_ticksPerSecond;
            }
        }
    }
}
