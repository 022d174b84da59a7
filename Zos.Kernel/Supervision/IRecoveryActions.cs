using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // The kernel's implementation of each recovery step for a driver instance.
    // Each returns null when done, else why it failed. Each must be idempotent:
    // a step may find its work already done (a faulting domain is already stopped).
    public interface IRecoveryActions
    {
        string StopThreads(SupervisedDriver driver);
        string RevokeCapabilities(SupervisedDriver driver);
        string MaskInterrupts(SupervisedDriver driver);
        string StopDma(SupervisedDriver driver);
        string ReclaimMemory(SupervisedDriver driver);
    }
}
