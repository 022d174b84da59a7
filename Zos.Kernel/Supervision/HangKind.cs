using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Kernel.Storage;
using Zos.Kernel.Diagnostics;
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
