using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Kernel.Storage;
using Zos.Kernel.Diagnostics;
namespace Zos.Kernel.Supervision
{
    public enum RecoveryStepOutcome
    {
        Done,
        Failed,
        // Not run because an earlier step failed.
        Skipped,
    }
}
