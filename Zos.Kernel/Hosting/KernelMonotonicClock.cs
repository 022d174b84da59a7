using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Kernel.Storage;
using Zos.Kernel.Diagnostics;
using Zos.Hal.Timing;

namespace Zos.Kernel.Hosting
{
    // The kernel's clock for the supervisor: nanoseconds since boot from the TSC.
    public sealed class KernelMonotonicClock : IMonotonicClock
    {
        public ulong NowNanoseconds => TimestampClock.NanosecondsSinceBoot;
    }
}
