using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    public enum HangKind
    {
        None,
        // No heartbeat for HangVerdict.MissedPeriods heartbeat periods.
        HeartbeatMissed,
        // A request is still outstanding past its deadline.
        DeadlinePassed,
    }
}
