using System.Runtime.CompilerServices;
using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class DerivationAndRevocationTests
{
    [Test]
    public void ADerivedSubRangeIsRelativeToItsParentAndLimitedToIt()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0x10, 8, CapabilityRights.ReadWrite);

        Assert.That(ports.Derive(4, 2, CapabilityRights.Read, out IoPortRange status), Is.Null);

        Assert.That(status.Base, Is.EqualTo(0xC014));
        Assert.That(status.Owner, Is.SameAs(bench.Driver));
        Assert.That(status.Parent, Is.SameAs(ports));
        status.Read16(0);
        Assert.That(bench.Ports.Accesses, Is.EqualTo(new[] { "in16 0xc014 0xffffffff" }));
        bench.AssertViolation(() => status.Read8(2), ViolationReason.OutOfRange);
        bench.AssertViolation(() => status.Write8(0, 1), ViolationReason.MissingRights);
    }

    [Test]
    public void DerivingMoreRightsOrAWiderRangeIsDenied()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 8, CapabilityRights.Read);
        MmioRegion region = bench.GrantMmio(0, 0x100, CapabilityRights.ReadWrite);

        Assert.That(ports.Derive(0, 4, CapabilityRights.ReadWrite, out IoPortRange wider)!.Reason, Is.EqualTo(DenialReason.RightsExceeded));
        Assert.That(wider, Is.Null);
        Assert.That(ports.Derive(6, 4, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.OutsideResource));
        Assert.That(ports.Derive(0, 0, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(region.Derive(0xF0, 0x20, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.OutsideResource));
        Assert.That(region.Derive(ulong.MaxValue, 2, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.OutsideResource));
        Assert.That(bench.Driver.Denials, Is.EqualTo(5));
        Assert.That(bench.Driver.Violations, Is.EqualTo(0), "a denial is not a fault");
    }

    [Test]
    public void RevokingAParentRevokesEveryDescendantAtOnce()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 8, CapabilityRights.ReadWrite);
        Assert.That(ports.Derive(0, 4, CapabilityRights.ReadWrite, out IoPortRange child), Is.Null);
        Assert.That(child.Derive(2, 2, CapabilityRights.Read, out IoPortRange grandchild), Is.Null);
        Assert.That(ports.Derive(4, 4, CapabilityRights.Read, out IoPortRange sibling), Is.Null);

        bench.Authority.Revoke(child);

        Assert.That((child.IsRevoked, grandchild.IsRevoked, sibling.IsRevoked, ports.IsRevoked), Is.EqualTo((true, true, false, false)));
        bench.AssertViolation(() => grandchild.Read8(0), ViolationReason.Revoked);
        sibling.Read8(0);
        bench.PortsRoot.Revoke();
        bench.AssertViolation(() => sibling.Read8(0), ViolationReason.Revoked);
        bench.AssertViolation(() => ports.Write8(0, 0), ViolationReason.Revoked);
    }

    [Test]
    public void DerivingFromARevokedCapabilityIsDenied()
    {
        var bench = new CapabilityBench();
        Irq irq = bench.GrantIrq(CapabilityRights.Wait);
        irq.Revoke();

        CapabilityDenial? denial = irq.Derive(CapabilityRights.Wait, out Irq derived);

        Assert.That(derived, Is.Null);
        Assert.That(denial!.Reason, Is.EqualTo(DenialReason.SourceRevoked));
    }

    [Test]
    public void RevokeAllReachesEveryKindTheOwnerHolds()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);
        MmioRegion region = bench.GrantMmio(0, 0x10, CapabilityRights.ReadWrite);
        Irq irq = bench.GrantIrq(CapabilityRights.Wait);
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.Read);
        DmaPool pool = bench.GrantDma(4096);
        Assert.That(pool.Allocate(16, out DmaBuffer buffer), Is.Null);
        var other = new TestOwner("other");
        IoPortRange othersPorts = bench.GrantPorts(8, 4, CapabilityRights.Read, other);

        bench.Authority.RevokeAll(bench.Driver);

        bench.AssertViolation(() => ports.Read8(0), ViolationReason.Revoked);
        bench.AssertViolation(() => region.Read32(0), ViolationReason.Revoked);
        bench.AssertViolation(() => irq.Wait(1), ViolationReason.Revoked);
        bench.AssertViolation(() => function.Read8(0), ViolationReason.Revoked);
        bench.AssertViolation(() => pool.Allocate(16, out _), ViolationReason.Revoked);
        bench.AssertViolation(() => buffer.Read8(0), ViolationReason.Revoked);
        Assert.That(othersPorts.IsValid, Is.True, "another owner's capabilities are untouched");
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(6), "revoked capabilities stay listed until the restart");
    }

    [Test]
    public void AReferenceKeptFromBeforeARestartIsStale()
    {
        var bench = new CapabilityBench();
        IoPortRange before = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);
        Assert.That(before.Generation, Is.EqualTo(0));

        bench.Authority.RevokeAll(bench.Driver);
        bench.Authority.BeginNewGeneration(bench.Driver);
        IoPortRange after = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);

        Assert.That(bench.Driver.Generation, Is.EqualTo(1));
        Assert.That(after.Generation, Is.EqualTo(1));
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(1), "the new generation starts with only what it was granted");
        after.Write8(0, 1);
        CapabilityEvent violation = bench.AssertViolation(() => before.Write8(0, 2), ViolationReason.StaleGeneration);
        Assert.That(violation.Capability!.Generation, Is.EqualTo(0));
        Assert.That(before.Derive(0, 1, CapabilityRights.Read, out _)!.Reason, Is.EqualTo(DenialReason.SourceRevoked));
    }

    [Test]
    public void ARestartReclaimsTheDmaMemoryLeftBehind()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(8192, out _), Is.Null);

        bench.Authority.RevokeAll(bench.Driver);
        bench.Authority.BeginNewGeneration(bench.Driver);

        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(0));
        Assert.That(bench.Authority.DmaGrantedBytes, Is.EqualTo(0));
    }

    [Test]
    public void ANewGenerationBeforeTheRevocationIsRefusedAndChangesNothing()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);

        var refused = Assert.Throws<InvalidOperationException>(() => bench.Authority.BeginNewGeneration(bench.Driver))!;

        Assert.That(refused.Message, Does.Contain("still holds " + ports.Describe()));
        Assert.That(bench.Driver.Generation, Is.EqualTo(0));
        Assert.That(ports.IsValid, Is.True, "the refused step revoked nothing");
    }

    [Test]
    public void RevokingASourceReachesEveryChildAfterItsListOfChildrenGrew()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 8, CapabilityRights.ReadWrite);
        var children = new List<IoPortRange>();
        for (int i = 0; i < 6; i++)
        {
            Assert.That(ports.Derive(i, 1, CapabilityRights.Read, out IoPortRange child), Is.Null);
            children.Add(child);
        }

        ports.Revoke();

        Assert.That(children.Select(child => child.IsRevoked), Is.All.True);
    }

    [Test]
    public void RevokedChildrenAreDroppedBeforeTheListOfChildrenGrowsAndTheRestStillRevoked()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 8, CapabilityRights.ReadWrite);
        var children = new IoPortRange[5];
        for (int i = 0; i < 4; i++) Assert.That(ports.Derive(i, 1, CapabilityRights.Read, out children[i]), Is.Null);
        children[1].Revoke();
        children[3].Revoke();

        Assert.That(ports.Derive(4, 1, CapabilityRights.Read, out children[4]), Is.Null);

        Assert.That(ports.ChildCount, Is.EqualTo(3));
        Assert.That(Enumerable.Range(0, 3).Select(ports.ChildAt), Is.EqualTo(new[] { children[0], children[2], children[4] }));
        ports.Revoke();
        Assert.That(children.Select(child => child.IsRevoked), Is.All.True);
    }

    [Test]
    public void APoolKeepsItsRevokedBuffersWhoseMemoryIsNotReclaimedButDropsFreedOnes()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(32768);
        var buffers = new DmaBuffer[5];
        for (int i = 0; i < 4; i++) Assert.That(pool.Allocate(4096, out buffers[i]), Is.Null);
        buffers[1].Revoke();
        buffers[2].Free();
        buffers[3].Free();

        Assert.That(pool.Allocate(4096, out buffers[4]), Is.Null);

        Assert.That(Enumerable.Range(0, pool.ChildCount).Select(pool.ChildAt), Is.EqualTo(new[] { buffers[0], buffers[1], buffers[4] }));
        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(3), "the revoked buffer's page stays taken until reclaimed");
    }

    [Test]
    public void ALongLivedSourceDoesNotKeepItsDroppedChildrenAlive()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 8, CapabilityRights.ReadWrite);
        for (int i = 0; i < 2; i++) Assert.That(ports.Derive(i, 1, CapabilityRights.Read, out _), Is.Null);
        // The last two children go to an owner nothing else refers to, and are revoked.
        WeakReference last = GrantTwoToAnOwnerLeftBehind(bench, ports);

        Assert.That(ports.Derive(4, 1, CapabilityRights.Read, out _), Is.Null);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(last.IsAlive, Is.False, "a dropped child is still referenced by its former source");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference GrantTwoToAnOwnerLeftBehind(CapabilityBench bench, IoPortRange ports)
    {
        var gone = new TestOwner("gone");
        Assert.That(bench.Authority.Grant(ports, gone, 2, 1, CapabilityRights.Read, out _), Is.Null);
        Assert.That(bench.Authority.Grant(ports, gone, 3, 1, CapabilityRights.Read, out IoPortRange second), Is.Null);
        bench.Authority.RevokeAll(gone);
        return new WeakReference(second);
    }
}
