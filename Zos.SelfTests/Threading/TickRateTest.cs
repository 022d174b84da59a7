using Zos.Hal;
using Zos.Hal.Timing;

namespace Zos.SelfTests.Threading
{
    // The tick runs at its rate: over 200 ms of the (calibrated, disciplined)
    // clock, a 1 kHz tick fires about 200 times; fewer than 150 means a slow or
    // stalled timer, more than 250 a miscalibrated one. A host too busy to run
    // the emulated CPU loses ticks while the clock goes on (TCG coalesces a
    // late timer), so a short window is measured again, up to Windows times;
    // a stalled timer is short every time, and too many ticks fail at once.
    public sealed class TickRateTest : KernelTest
    {
        private const ulong WindowNanoseconds = 200_000_000;
        private const int Windows = 5;

        public override string Name => "threads.tick_rate";

        public override string Run()
        {
            ulong expected = TickTimer.Hz * WindowNanoseconds / 1_000_000_000UL;
            ulong ticks = 0;
            for (int window = 0; window < Windows; window++)
            {
                ulong startTicks = TickTimer.Ticks, start = TimestampClock.NanosecondsSinceBoot;
                while (TimestampClock.NanosecondsSinceBoot - start < WindowNanoseconds) Cpu.Pause();
                ticks = TickTimer.Ticks - startTicks;
                if (ticks >= expected * 3 / 4) break;
            }
            return Expect(ticks >= expected * 3 / 4 && ticks <= expected * 5 / 4,
                ticks.ToString() + " ticks in 200 ms at " + TickTimer.Hz.ToString() + " Hz (expected about " + expected.ToString() + ")");
        }
    }
}
