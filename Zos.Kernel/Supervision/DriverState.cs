using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // Where a supervised driver instance is in its life; DriverLifecycle holds the
    // legal transitions. Spawned to Running are the live states (the driver has a
    // domain and threads); the others are between or after incarnations.
    public enum DriverState
    {
        // Its domain and first thread exist; it has asked for nothing yet.
        Spawned,
        // It is asking for its capabilities.
        Initializing,
        // It holds every capability it asked for.
        CapabilityGranted,
        // It is checking and resetting its device.
        Probing,
        // It serves requests.
        Running,
        // It faulted, threw, broke a capability rule, hung or gave up; being cleaned up.
        Crashed,
        // It ended cleanly while Running (every thread returned).
        Exited,
        // Cleaned up and waiting for its restart time.
        Restarting,
        // Terminal: capabilities denied, policy said no more restarts, or cleanup failed.
        Failed,
    }
}
