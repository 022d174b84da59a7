using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // Why a driver instance crashed.
    public enum CrashCause
    {
        // A CPU fault in its code: null dereference, divide by zero, stack overflow, ... (CrashRecord.Kind says which).
        ManagedFault,
        // An exception no catch took.
        UnhandledException,
        // It used a capability it does not hold, a revoked one, or one outside its range or rights.
        CapabilityViolation,
        // It missed its heartbeats or left a request past its deadline.
        Watchdog,
        // It reported that it cannot go on (or ended before reaching Running).
        ExplicitFailure,
        // It held more managed heap than its manifest's memory quota.
        MemoryQuota,
    }
}
