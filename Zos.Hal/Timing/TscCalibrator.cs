namespace Zos.Hal.Timing
{
    // Measures calibration windows on the hardware and starts TimestampClock:
    // against a ClockReference (the HPET, else the ACPI PM timer) when the
    // machine has one, else against the PIT (channel 2, whose 1.193182 MHz
    // input is fixed). Several windows, each
    // end read as TSC, reference, TSC (see CalibrationWindow), decided by
    // TscCalibration; a round whose windows disagree is measured again.
    public static class TscCalibrator
    {
        public const int WindowsPerRound = 7;
        public const int Rounds = 3;
        public const uint PitHz = 1193182;
        private const ulong WindowNanoseconds = 10_000_000;
        private const ushort PitWindowCounts = 11932;          // 10 ms of PIT input
        private const ushort PitChannel2 = 0x42, PitCommand = 0x43, SpeakerControl = 0x61;
        private const byte Out2High = 0x20;

        // The PIT's counts as nanoseconds.
        public static ulong PitNanoseconds(uint counts) => TscCalibration.Scale(counts, 1_000_000_000UL, PitHz);

        // stallWindow/stallNanoseconds: a test's stand-in for a host stall of the virtual CPU (no stall: -1):
        // that window's end reading waits this long between the reference and the second TSC read.
        // Returns the reference's count at which the clock starts (the last window's end; 0 on the PIT).
        public static ulong Calibrate(ClockReference reference, int stallWindow, ulong stallNanoseconds)
        {
            string source = reference is null ? "pit " + PitHz.ToString() + " Hz" : reference.Name + " " + reference.FrequencyHz.ToString() + " Hz";
            var windows = new CalibrationWindow[WindowsPerRound];
            ulong rate = 0, endTicks = 0, endCounter = 0;
            int used = 0, rejected = 0, round = 0;
            string error = null;
            for (; round < Rounds && rate == 0; round++)
            {
                for (int i = 0; i < windows.Length; i++)
                {
                    ulong stall = round == 0 && i == stallWindow ? stallNanoseconds : 0;
                    windows[i] = reference is null ? PitWindow(out endTicks) : ReferenceWindow(reference, stall, out endTicks, out endCounter);
                }
                rate = TscCalibration.Decide(windows, out used, out rejected, out error);
            }
            string result = source + ", " + used.ToString() + " of " + WindowsPerRound.ToString() + " windows agreed in round " + round.ToString();
            if (rate == 0) result = source + ", unsure: " + error;
            ulong stated = ReportedTscFrequency.Read(out string statedSource);
            rate = ReportedTscFrequency.Prefer(rate, stated, statedSource, out string why);
            if (why is not null) result += "; " + why;
            // Nothing agreed and nothing stated: the median of the last round is still the best guess, said as such.
            if (rate == 0) rate = windows[WindowsPerRound / 2].TicksPerSecond;
            TimestampClock.Start(endTicks, rate, result);
            return endCounter;
        }

        // TSC, reference, TSC: the TSC's midpoint and how long the reading took.
        public static void ReadTogether(ClockReference reference, ulong stallNanoseconds, out ulong ticks, out ulong counter, out ulong took)
        {
            ulong before = Cpu.ReadTimestampCounter();
            counter = reference.Read();
            if (stallNanoseconds != 0)
                while (reference.Nanoseconds(reference.Elapsed(counter, reference.Read())) < stallNanoseconds) Cpu.Pause();
            ulong after = Cpu.ReadTimestampCounter();
            ticks = before + (after - before) / 2;
            took = after - before;
        }

        private static CalibrationWindow ReferenceWindow(ClockReference reference, ulong stallNanoseconds, out ulong endTicks, out ulong endCounter)
        {
            ReadTogether(reference, 0, out ulong startTicks, out ulong startCounter, out ulong startTook);
            while (reference.Nanoseconds(reference.Elapsed(startCounter, reference.Read())) < WindowNanoseconds) Cpu.Pause();
            ReadTogether(reference, stallNanoseconds, out endTicks, out endCounter, out ulong endTook);
            return new CalibrationWindow(endTicks - startTicks, reference.Nanoseconds(reference.Elapsed(startCounter, endCounter)),
                startTook > endTook ? startTook : endTook);
        }

        // Channel 2 in mode 0 counts PitWindowCounts down once while the gate is
        // high; OUT2 (bit 5 of port 0x61) goes high at the end. The start is
        // bracketed by the gate's rising edge, the end by the read that saw OUT2 high.
        private static CalibrationWindow PitWindow(out ulong endTicks)
        {
            byte control = PortIo.Read8(SpeakerControl);
            PortIo.Write8(SpeakerControl, (byte)((control & 0xFC) | 0x01));
            PortIo.Write8(PitCommand, 0xB0);
            PortIo.Write8(PitChannel2, unchecked((byte)PitWindowCounts));
            PortIo.Write8(PitChannel2, (byte)(PitWindowCounts >> 8));
            control = PortIo.Read8(SpeakerControl);
            PortIo.Write8(SpeakerControl, (byte)(control & 0xFE));
            ulong beforeGate = Cpu.ReadTimestampCounter();
            PortIo.Write8(SpeakerControl, (byte)(control | 0x01));
            ulong afterGate = Cpu.ReadTimestampCounter();
            ulong beforeRead, afterRead;
            bool ended;
            do
            {
                beforeRead = Cpu.ReadTimestampCounter();
                ended = (PortIo.Read8(SpeakerControl) & Out2High) != 0;
                afterRead = Cpu.ReadTimestampCounter();
            }
            while (!ended);
            ulong startTicks = beforeGate + (afterGate - beforeGate) / 2;
            endTicks = beforeRead + (afterRead - beforeRead) / 2;
            ulong startTook = afterGate - beforeGate, endTook = afterRead - beforeRead;
            return new CalibrationWindow(endTicks - startTicks, PitNanoseconds(PitWindowCounts), startTook > endTook ? startTook : endTook);
        }
    }
}
