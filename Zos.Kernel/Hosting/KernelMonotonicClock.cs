using Zos.Hal.Timing;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Hosting
{
    // The kernel's clock for the supervisor: nanoseconds since boot from the TSC.
    public sealed class KernelMonotonicClock : IMonotonicClock
    {
        public ulong NowNanoseconds => TimestampClock.NanosecondsSinceBoot;
    }
}
