using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    public enum RestartPolicyKind
    {
        // Never restarted: a crash ends in Failed, a clean exit stays Exited.
        Never,
        // Restarted at once after a crash; a clean exit stays Exited.
        OnFailure,
        // Restarted at once after a crash or a clean exit.
        Always,
        // Restarted after a crash once a delay has passed that doubles with every restart in a row, up to a cap;
        // a clean exit stays Exited.
        WithBackoff,
    }
}
