using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
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
