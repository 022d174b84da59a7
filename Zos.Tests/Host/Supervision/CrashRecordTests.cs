using Zos.Kernel.Domains;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class CrashRecordTests
{
    private static CrashRecord FromKind(string kind, string? message = null) =>
        CrashRecord.FromFault(new FaultRecord(kind, message, null, 0, "edu", 1));

    [Test]
    public void FaultDomainRecordsMapToCrashCauses()
    {
        CrashRecord nullDeref = CrashRecord.FromFault(new FaultRecord("null dereference", "page fault at 8", "Edu.Run+0x4", 0x1234, "edu", 77));
        Assert.That(nullDeref.Cause, Is.EqualTo(CrashCause.ManagedFault));
        Assert.That(nullDeref.Kind, Is.EqualTo("null dereference"));
        Assert.That(nullDeref.Method, Is.EqualTo("Edu.Run+0x4"));
        Assert.That(nullDeref.TimeNanoseconds, Is.EqualTo(77));
        Assert.That(nullDeref.Describe(), Is.EqualTo("managed fault (null dereference) in Edu.Run+0x4: page fault at 8"));
        Assert.That(CrashRecord.FromFault(new FaultRecord("unhandled exception", "x", null, 0, "edu", 1)).Cause, Is.EqualTo(CrashCause.UnhandledException));
        Assert.That(CrashRecord.FromFault(new FaultRecord("watchdog", "x", null, 0, "edu", 1)).Cause, Is.EqualTo(CrashCause.Watchdog));
        Assert.That(CrashRecord.FromFault(new FaultRecord("stack overflow", "x", null, 0, "edu", 1)).Cause, Is.EqualTo(CrashCause.ManagedFault));
        Assert.That(CrashRecord.FromFault(new FaultRecord("memory quota exceeded", "x", null, 0, "edu", 1)).Cause, Is.EqualTo(CrashCause.MemoryQuota));
        Assert.That(CrashRecord.FromFault(new FaultRecord(CrashRecord.CapabilityViolationKind, "x", null, 0, "edu", 1)).Cause,
            Is.EqualTo(CrashCause.CapabilityViolation));
        Assert.That(CrashRecord.FromFault(new FaultRecord(CrashRecord.ExplicitFailureKind, "x", null, 0, "edu", 1)).Cause,
            Is.EqualTo(CrashCause.ExplicitFailure));
        Assert.That(CrashRecord.FromFault(new FaultRecord("watchdog", null, null, 0, "edu", 1)).Describe(), Is.EqualTo("watchdog"));
    }

    // "unhandled exception (unhandled exception)" would say nothing twice.
    [Test]
    public void AFaultWhoseKindIsItsCausesNameIsDescribedWithoutRepeatingIt()
    {
        foreach (string kind in new[] { "unhandled exception", "watchdog", CrashRecord.CapabilityViolationKind, CrashRecord.ExplicitFailureKind })
            Assert.That(FromKind(kind).Describe(), Is.EqualTo(kind));
        Assert.That(FromKind("memory quota exceeded", "4096 KiB held").Describe(), Is.EqualTo("memory quota (memory quota exceeded): 4096 KiB held"));
    }

    [Test]
    public void ACauseOutsideTheEnumIsNamedByItsNumber()
    {
        Assert.That(CrashRecord.CauseName((CrashCause)42), Is.EqualTo("cause 42"));
    }
}
