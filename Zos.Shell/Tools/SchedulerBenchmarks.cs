using Zos.Hal.Timing;
using Zos.Kernel.Threading;

namespace Zos.Shell.Tools
{
    // Measurements behind the shell's `bench`, reported in docs/benchmarks.md.
    public static class SchedulerBenchmarks
    {
        // Two threads yielding to each other: nanoseconds per switch.
        public static ulong ContextSwitchNanoseconds(int switches, out string error)
        {
            var partner = new YieldLoop(switches / 2);
            KernelThread thread = Scheduler.Start("bench-yield", partner.Run, ThreadPriority.High, null, out error);
            if (thread is null) return 0;
            // Both at High so that nothing else runs between the two.
            ulong start = TimestampClock.NanosecondsSinceBoot;
            var self = new YieldLoop(switches / 2);
            KernelThread mine = Scheduler.Start("bench-yield-2", self.Run, ThreadPriority.High, null, out error);
            if (mine is null) return 0;
            thread.Join();
            mine.Join();
            ulong elapsed = TimestampClock.NanosecondsSinceBoot - start;
            return elapsed / (ulong)(partner.Yields + self.Yields);
        }

        // Average time inside the tick handler (acknowledge, sleepers, timers,
        // slice accounting, watchdog), measured over the ticks since boot.
        public static ulong TickHandlerNanoseconds(out ulong ticks)
        {
            ticks = TickTimer.Ticks;
            ulong cyclesPerMicrosecond = TimestampClock.TicksPerSecond / 1_000_000;
            return ticks == 0 || cyclesPerMicrosecond == 0 ? 0 : TickTimer.HandlerCycles * 1000 / cyclesPerMicrosecond / ticks;
        }

        private sealed class YieldLoop
        {
            private readonly int _count;

            public YieldLoop(int count) => _count = count;

            public int Yields;

            public void Run()
            {
                for (int i = 0; i < _count; i++)
                {
                    Scheduler.Yield();
                    Yields++;
                }
            }
        }
    }
}
