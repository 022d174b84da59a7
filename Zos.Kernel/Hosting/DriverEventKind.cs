using Zos.Kernel.Diagnostics;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;
namespace Zos.Kernel.Hosting
{
    // What a driver thread tells the supervisor thread about its incarnation.
    public enum DriverEventKind
    {
        Initializing,
        CapabilitiesGranted,
        CapabilitiesDenied,
        Probing,
        Running,
        // A client handed the incarnation a request that must complete by a deadline.
        RequestStarted,
        RequestCompleted,
    }
}
