using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

// Time that moves only when a test says so.
public sealed class VirtualClock : IMonotonicClock
{
    public const ulong Millisecond = 1_000_000UL;

    public VirtualClock(ulong start = 1000 * Millisecond) => NowNanoseconds = start;

    public ulong NowNanoseconds { get; private set; }

    public void Advance(ulong nanoseconds) => NowNanoseconds += nanoseconds;

    public void AdvanceMilliseconds(ulong milliseconds) => Advance(milliseconds * Millisecond);
}
