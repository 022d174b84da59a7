using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // The supervisor's only source of time, so that host tests can drive it with
    // a virtual clock and the kernel with the time-stamp counter.
    public interface IMonotonicClock
    {
        // Nanoseconds since an arbitrary origin; never goes backwards.
        ulong NowNanoseconds { get; }
    }
}
