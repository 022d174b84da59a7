using Zos.Hal.Apic;
using Zos.Hal.Interrupts;

namespace Zos.Hal.Timing
{
    // The periodic tick: the local APIC timer, calibrated against the TSC
    // clock, interrupting at a fixed rate on TickVector. Each tick is
    // acknowledged first, then handed to the kernel's tick handler (which runs
    // under the IrqHandler contract and may ask for a thread switch).
    public static unsafe class TickTimer
    {
        public const int TickVector = 0xF0;
        private const ulong CalibrationNanoseconds = 10_000_000;

        private static delegate*<void> s_onTick;
        private static ulong s_ticks;
        private static ulong s_handlerCycles;
        private static uint s_hz;
        private static uint s_countsPerTick;

        public static ulong Ticks => s_ticks;
        // TSC cycles spent in the tick handler since boot, for the tick benchmark.
        public static ulong HandlerCycles => s_handlerCycles;
        public static uint Hz => s_hz;
        public static uint ApicCountsPerTick => s_countsPerTick;

        // Needs TimestampClock calibrated and the local APIC enabled; call with interrupts disabled.
        public static void Start(uint hz, delegate*<void> onTick)
        {
            LocalApic.StartTimer(TickVector, uint.MaxValue, periodic: false);
            ulong start = TimestampClock.NanosecondsSinceBoot;
            while (TimestampClock.NanosecondsSinceBoot - start < CalibrationNanoseconds) Cpu.Pause();
            uint elapsed = uint.MaxValue - LocalApic.TimerCount;
            LocalApic.StopTimer();

            s_hz = hz;
            s_countsPerTick = CountsPerTick(elapsed, CalibrationNanoseconds, hz);
            s_onTick = onTick;
            InterruptTable.SetHandler(TickVector, &OnTimerInterrupt);
            LocalApic.StartTimer(TickVector, s_countsPerTick, periodic: true);
        }

        public static uint CountsPerTick(uint countsElapsed, ulong nanosecondsElapsed, uint hz)
        {
            ulong perTick = (ulong)countsElapsed * 1_000_000_000UL / nanosecondsElapsed / hz;
            return perTick == 0 ? 1 : perTick > uint.MaxValue ? uint.MaxValue : (uint)perTick;
        }

        private static void OnTimerInterrupt(InterruptFrame* frame)
        {
            ulong start = Cpu.ReadTimestampCounter();
            s_ticks++;
            LocalApic.EndOfInterrupt();
            if (s_onTick != null) s_onTick();
            s_handlerCycles += Cpu.ReadTimestampCounter() - start;
        }
    }
}
