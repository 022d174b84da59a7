using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // What the supervisor does once an incarnation has ended and been cleaned up.
    public enum RestartAction
    {
        // Respawn at RestartDecision.AtNanoseconds.
        Restart,
        // Give up: the driver goes to Failed.
        Fail,
        // It exited cleanly and the policy does not restart clean exits: it stays Exited.
        StayExited,
    }
}
