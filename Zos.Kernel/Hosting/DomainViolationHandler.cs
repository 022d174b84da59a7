using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Timing;
using Zos.Kernel.Domains;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // The kernel's answer to a capability violation: the violating thread's
    // fault domain is stopped at once, with the violation as its fault (this
    // does not return, unless the thread holds locks: then the layer's
    // exception unwinds it to the last release, where it ends). A thread
    // outside any domain (the kernel's own) gets the layer's exception; the
    // access never happens either way.
    public sealed class DomainViolationHandler : CapabilityViolationHandler
    {
        public override void OnViolation(CapabilityEvent violation)
        {
            KernelThread thread = Scheduler.Current;
            FaultDomain domain = thread?.Domain;
            if (domain is null) return;
            domain.Stop(new FaultRecord(CrashRecord.CapabilityViolationKind, violation.Describe(), DriverFrames.CallingMethod(), violation.Address, thread.Name,
                TimestampClock.NanosecondsSinceBoot));
        }
    }
}
