using Zos.Hal.Timing;

namespace Zos.Kernel.Drivers
{
    // The kernel's clock for the supervisor: nanoseconds since boot from the TSC.
    public sealed class KernelMonotonicClock : IMonotonicClock
    {
        public ulong NowNanoseconds => TimestampClock.NanosecondsSinceBoot;
    }
}
