using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

public class GrantDenialTests
{
    [Test]
    public void AGrantIsCarvedFromARootAndOwnedByTheGrantee()
    {
        var bench = new CapabilityBench();

        IoPortRange ports = bench.GrantPorts(0, 0x20, CapabilityRights.ReadWrite);

        Assert.That(ports.Owner, Is.SameAs(bench.Driver));
        Assert.That(ports.Parent, Is.SameAs(bench.PortsRoot));
        Assert.That(bench.PortsRoot.Owner, Is.SameAs(bench.Authority.Root));
        Assert.That(bench.Driver.CapabilityAt(0), Is.SameAs(ports));
        Assert.That(ports.Describe(), Is.EqualTo("ports 0xc000..0xc01f read,write"));
    }

    [Test]
    public void ARequestBeyondTheResourceIsDeniedWithAReason()
    {
        var bench = new CapabilityBench();

        CapabilityDenial? denial = bench.Authority.Grant(bench.PortsRoot, bench.Driver, 0x18, 0x10, CapabilityRights.Read, out IoPortRange ports);

        Assert.That(ports, Is.Null);
        Assert.That(denial!.Reason, Is.EqualTo(DenialReason.OutsideResource));
        Assert.That(denial.ToString(), Is.EqualTo("outside the resource: offset 24 length 16 in 32 ports"));
    }

    [Test]
    public void AResourceHeldByOneOwnerIsDeniedToAnotherUntilRevoked()
    {
        var bench = new CapabilityBench();
        var second = new TestOwner("second");
        bench.GrantIrq(CapabilityRights.Wait);

        CapabilityDenial? denial = bench.Authority.Grant(bench.IrqRoot, second, CapabilityRights.Wait, out Irq refused);
        Assert.That(refused, Is.Null);
        Assert.That(denial!.Reason, Is.EqualTo(DenialReason.AlreadyGranted));
        Assert.That(denial.Message, Is.EqualTo("held by edu"));

        bench.Authority.RevokeAll(bench.Driver);
        Assert.That(bench.Authority.Grant(bench.IrqRoot, second, CapabilityRights.Wait, out Irq granted), Is.Null);
        Assert.That(granted.Owner, Is.SameAs(second));
    }

    [Test]
    public void DisjointPartsOfARangeMayGoToDifferentOwnersButNotOverlappingOnes()
    {
        var bench = new CapabilityBench();
        var second = new TestOwner("second");
        bench.GrantPorts(0, 8, CapabilityRights.ReadWrite);

        Assert.That(bench.Authority.Grant(bench.PortsRoot, second, 8, 8, CapabilityRights.Read, out IoPortRange disjoint), Is.Null);
        Assert.That(disjoint.Base, Is.EqualTo(0xC008));
        Assert.That(bench.Authority.Grant(bench.PortsRoot, second, 7, 2, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.AlreadyGranted));
        Assert.That(bench.Authority.Grant(bench.MmioRoot, second, 0, 0x100, CapabilityRights.Read, out _), Is.Null);
        Assert.That(bench.Authority.Grant(bench.MmioRoot, bench.Driver, 0xFF, 1, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.AlreadyGranted));
    }

    [Test]
    public void ARestartedOwnerIsGrantedItsResourcesAgain()
    {
        var bench = new CapabilityBench();
        bench.GrantMmio(0, 0x1000, CapabilityRights.ReadWrite);

        bench.Authority.RevokeAll(bench.Driver);
        bench.Authority.BeginNewGeneration(bench.Driver);

        Assert.That(bench.Authority.Grant(bench.MmioRoot, bench.Driver, 0, 0x1000, CapabilityRights.ReadWrite, out MmioRegion again), Is.Null);
        Assert.That(again.Generation, Is.EqualTo(1));
    }

    [Test]
    public void DmaPoolsAreDeniedBeyondTheSystemBudgetOrWithBadParameters()
    {
        var bench = new CapabilityBench();
        bench.GrantDma(CapabilityBench.DmaBudget - 4096);

        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, 4097, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate, out DmaPool pool)!.Reason,
            Is.EqualTo(DenialReason.QuotaExceeded));
        Assert.That(pool, Is.Null);
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, 0, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate, out _)!.Reason,
            Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, 4096, CapabilityAuthority.Below4GiB, CapabilityRights.Wait, out _)!.Reason,
            Is.EqualTo(DenialReason.RightsExceeded));
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, 4096, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate, out _), Is.Null);
    }

    [Test]
    public void InvalidRootsAreRefused()
    {
        var bench = new CapabilityBench();

        Assert.That(bench.Authority.DeclareIoPorts(0xFFF0, 0x20, out IoPortRange beyond)!.Reason, Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(beyond, Is.Null);
        Assert.That(bench.Authority.DeclareIoPorts(0x70, 0, out _)!.Reason, Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(bench.Authority.DeclareIoPorts(0xFFF0, 0x10, out IoPortRange last), Is.Null);
        Assert.That(last.Length, Is.EqualTo(0x10));
    }

    [Test]
    public void APolicyDenialIsCountedAndLoggedLikeTheLayersOwn()
    {
        var bench = new CapabilityBench();

        CapabilityDenial denial = bench.Authority.Deny(bench.Driver, null!, DenialReason.NotPermitted, "BAR 3 is not implemented by 00:04.0");

        Assert.That(denial.Reason, Is.EqualTo(DenialReason.NotPermitted));
        Assert.That(bench.Driver.Denials, Is.EqualTo(1));
        Assert.That(bench.Authority.Audit.At(0).Describe(),
            Is.EqualTo("#0 denial: not permitted owner edu cap - at 0x0 (BAR 3 is not implemented by 00:04.0)"));
    }

    [Test]
    public void RangesThatOnlyTouchAHeldOneMayGoToAnotherOwnerButOnesReachingIntoItMayNot()
    {
        var bench = new CapabilityBench();
        var second = new TestOwner("second");
        bench.GrantPorts(8, 8, CapabilityRights.ReadWrite);
        bench.GrantMmio(0x100, 0x100, CapabilityRights.ReadWrite);

        Assert.That(bench.Authority.Grant(bench.PortsRoot, second, 0, 8, CapabilityRights.Read, out _), Is.Null, "ends where the held ports start");
        Assert.That(bench.Authority.Grant(bench.PortsRoot, second, 4, 8, CapabilityRights.Read, out _)!.Message, Is.EqualTo("held by edu"));
        Assert.That(bench.Authority.Grant(bench.MmioRoot, second, 0x200, 0x100, CapabilityRights.Read, out _), Is.Null, "starts where the held region ends");
        Assert.That(bench.Authority.Grant(bench.MmioRoot, second, 0x80, 0x100, CapabilityRights.Read, out _)!.Reason,
            Is.EqualTo(DenialReason.AlreadyGranted));
    }

    [Test]
    public void AnOwnersListAnswersNullOutsideItsBounds()
    {
        var bench = new CapabilityBench();
        for (int i = 0; i < 4; i++) bench.GrantPorts(i, 1, CapabilityRights.Read);

        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(4));
        Assert.That(bench.Driver.CapabilityAt(3), Is.InstanceOf<IoPortRange>());
        Assert.That(bench.Driver.CapabilityAt(4), Is.Null);
        Assert.That(bench.Driver.CapabilityAt(-1), Is.Null);
    }
}
