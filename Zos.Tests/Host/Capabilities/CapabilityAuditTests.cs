using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Capabilities;

public class CapabilityAuditTests
{
    [Test]
    public void CountsAndLogsViolationsWithOwnerCapabilityAndAddress()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 2, CapabilityRights.Read);

        bench.AssertViolation(() => ports.Read8(2), ViolationReason.OutOfRange);
        bench.AssertViolation(() => ports.Write8(0, 1), ViolationReason.MissingRights);

        Assert.That(bench.Authority.Audit.Violations, Is.EqualTo(2));
        Assert.That(bench.Authority.Audit.Denials, Is.EqualTo(0));
        Assert.That(bench.Driver.Violations, Is.EqualTo(2));
        Assert.That(bench.Authority.Audit.At(0).Describe(),
            Is.EqualTo("#0 violation: out of range owner edu cap ports 0xc000..0xc001 read gen 0 at 0xc002"));
        Assert.That(bench.Authority.Audit.At(1).Describe(),
            Is.EqualTo("#1 violation: missing rights owner edu cap ports 0xc000..0xc001 read gen 0 at 0xc000"));
    }

    [Test]
    public void TheLogKeepsTheMostRecentEventsAndCountsThemAll()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 1, CapabilityRights.Read);

        for (int i = 0; i < 11; i++) bench.AssertViolation(() => ports.Read8(1 + i), ViolationReason.OutOfRange);
        ports.Derive(0, 1, CapabilityRights.Write, out _);

        CapabilityAudit audit = bench.Authority.Audit;
        Assert.That(audit.Capacity, Is.EqualTo(8));
        Assert.That(audit.Count, Is.EqualTo(8));
        Assert.That((audit.Violations, audit.Denials), Is.EqualTo((11L, 1L)));
        Assert.That(Enumerable.Range(0, 8).Select(i => audit.At(i).Sequence), Is.EqualTo(Enumerable.Range(4, 8).Select(i => (long)i)));
        Assert.That(audit.At(0).Address, Is.EqualTo(0xC005));
        Assert.That(audit.At(7).IsViolation, Is.False);
        Assert.That(audit.At(7).Denial, Is.EqualTo(DenialReason.RightsExceeded));
    }

    [Test]
    public void WithoutAHandlerAViolationIsStillLoggedAndThrown()
    {
        var bench = new CapabilityBench();
        bench.Authority.ViolationHandler = null;
        MmioRegion region = bench.GrantMmio(0, 4, CapabilityRights.Read);

        Assert.Throws<CapabilityViolationException>(() => region.Write32(0, 1));

        Assert.That(bench.Authority.Audit.Violations, Is.EqualTo(1));
        Assert.That(bench.HardwareAccessCount, Is.Zero);
    }

    [Test]
    public void ALogAskedToKeepNothingStillKeepsTheLatestEvent()
    {
        var authority = new CapabilityAuthority(new SimulatedIoPorts(), new SimulatedPhysicalMemory(), new SimulatedDmaMemory(4096), 0, auditCapacity: 0);
        var owner = new TestOwner("edu");

        authority.Deny(owner, null!, DenialReason.NotPermitted, "first");
        authority.Deny(owner, null!, DenialReason.NotPermitted, "second");

        Assert.That((authority.Audit.Capacity, authority.Audit.Count, authority.Audit.Denials), Is.EqualTo((1, 1, 2L)));
        Assert.That(authority.Audit.At(0).Detail, Is.EqualTo("second"));
    }
}
