using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// Client memory lent to a driver for one request (CapabilityAuthority.Lend).
public class LentBufferTests
{
    private static DmaBuffer Lend(CapabilityBench bench, byte[] array, int offset, int length, CapabilityRights rights)
    {
        Assert.That(bench.Authority.Lend(bench.Driver, array, offset, length, rights, CapabilityAuthority.Below4GiB, out DmaBuffer lent), Is.Null);
        return lent;
    }

    [Test]
    public void ALoanCoversExactlyTheSliceWithTheRightsTheDeviceNeeds()
    {
        var bench = new CapabilityBench();
        byte[] client = new byte[64 * 1024];

        DmaBuffer lent = Lend(bench, client, 8192, 4096, CapabilityRights.Write);

        ulong expected = bench.DmaMemory.PhysicalAddressOf(client) + 8192 + SimulatedDmaMemory.DeviceOffset;
        Assert.That(lent.DeviceAddress, Is.EqualTo(expected));
        Assert.That(lent.Length, Is.EqualTo(4096));
        Assert.That((lent.Rights, lent.IsLent, lent.Kind), Is.EqualTo((CapabilityRights.Write, true, CapabilityKind.DmaBuffer)));
        Assert.That(lent.Owner, Is.SameAs(bench.Driver));
        Assert.That(bench.Driver.CapabilityAt(0), Is.SameAs(lent));
        Assert.That(lent.Describe(), Does.StartWith("lent dma buffer device 0x" + expected.ToString("x")).And.EndWith("4096 bytes write"));
        Assert.That(bench.Authority.DmaGrantedBytes, Is.EqualTo(0), "a loan takes nothing from the DMA budget");
    }

    [Test]
    public void TheDriverMayDoWithTheMemoryOnlyWhatTheDeviceMay()
    {
        var bench = new CapabilityBench();
        byte[] client = new byte[4096];
        DmaBuffer forAWrite = Lend(bench, client, 0, 4096, CapabilityRights.Read);

        bench.AssertViolation(() => forAWrite.CopyFrom(0, new byte[16]), ViolationReason.MissingRights);
        bench.AssertViolation(() => forAWrite.Write8(0, 1), ViolationReason.MissingRights);
    }

    [TestCase(-1, 16)]
    [TestCase(0, 0)]
    [TestCase(4000, 200)]
    public void ALoanOutsideTheArrayIsDenied(int offset, int length)
    {
        var bench = new CapabilityBench();

        CapabilityDenial? denial = bench.Authority.Lend(bench.Driver, new byte[4096], offset, length, CapabilityRights.Write,
            CapabilityAuthority.Below4GiB, out DmaBuffer lent);

        Assert.That(denial?.Reason, Is.EqualTo(DenialReason.InvalidRequest));
        Assert.That(lent, Is.Null);
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(0));
    }

    [TestCase(CapabilityRights.None)]
    [TestCase(CapabilityRights.Write | CapabilityRights.Allocate)]
    public void ALoanCarriesOnlyReadOrWrite(CapabilityRights rights)
    {
        var bench = new CapabilityBench();

        CapabilityDenial? denial = bench.Authority.Lend(bench.Driver, new byte[4096], 0, 4096, rights, CapabilityAuthority.Below4GiB, out _);

        Assert.That(denial?.Reason, Is.EqualTo(DenialReason.RightsExceeded));
    }

    [Test]
    public void MemoryTheDeviceCannotReachIsNotLent()
    {
        var bench = new CapabilityBench();

        CapabilityDenial? denial = bench.Authority.Lend(bench.Driver, new byte[4096], 0, 4096, CapabilityRights.Write,
            SimulatedDmaMemory.LentBase, out DmaBuffer lent);

        Assert.That(denial?.Reason, Is.EqualTo(DenialReason.Unavailable));
        Assert.That(lent, Is.Null);
    }

    [Test]
    public void AnEndedLoanIsRevokedAndLeavesTheOwnersList()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        DmaBuffer lent = Lend(bench, new byte[4096], 0, 4096, CapabilityRights.ReadWrite);

        bench.Authority.EndLoan(lent);

        Assert.That(lent.IsRevoked, Is.True);
        bench.AssertViolation(() => lent.Read8(0), ViolationReason.Revoked);
        bench.AssertViolation(() => lent.CopyFrom(0, new byte[4]), ViolationReason.Revoked);
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(1));
        Assert.That(bench.Driver.CapabilityAt(0), Is.SameAs(pool));
        Assert.Throws<ArgumentException>(() => bench.Authority.EndLoan(AllocateFrom(pool)), "a pool buffer is freed, not returned");
    }

    [Test]
    public void RevokingTheOwnerRevokesItsLoansAndReclaimFreesNothingOfTheClients()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        DmaBuffer own = AllocateFrom(pool);
        DmaBuffer lent = Lend(bench, new byte[8192], 0, 8192, CapabilityRights.Write);

        bench.Authority.RevokeAll(bench.Driver);
        Assert.That((own.IsRevoked, lent.IsRevoked), Is.EqualTo((true, true)));
        // Freeing the loan's pages would fault in the simulation (they are not RAM).
        ulong freed = bench.Authority.ReclaimDmaMemory(bench.Driver);

        Assert.That(freed, Is.EqualTo(4096), "only the driver's own buffer");
        Assert.That(bench.DmaMemory.UsedPages, Is.EqualTo(0));
        bench.AssertViolation(() => lent.CopyFrom(0, new byte[1]), ViolationReason.Revoked);
    }

    [Test]
    public void ALoanKeptAcrossARestartIsStale()
    {
        var bench = new CapabilityBench();
        DmaBuffer lent = Lend(bench, new byte[4096], 0, 4096, CapabilityRights.Write);

        bench.Authority.RevokeAll(bench.Driver);
        bench.Authority.BeginNewGeneration(bench.Driver);

        Assert.That(lent.IsValid, Is.False);
        bench.AssertViolation(() => lent.Write8(0, 1), ViolationReason.StaleGeneration);
        Assert.That(bench.Driver.CapabilityCount, Is.EqualTo(0));
        Assert.DoesNotThrow(() => bench.Authority.EndLoan(lent), "the block service may end a loan the restart already dropped");
    }

    [Test]
    public void FreeingALentBufferOnlyEndsTheLoan()
    {
        var bench = new CapabilityBench();
        DmaBuffer lent = Lend(bench, new byte[4096], 0, 4096, CapabilityRights.Write);

        lent.Free();

        Assert.That(lent.IsRevoked, Is.True);
        Assert.That(bench.Authority.ReclaimDmaMemory(bench.Driver), Is.EqualTo(0));
    }

    private static DmaBuffer AllocateFrom(DmaPool pool)
    {
        Assert.That(pool.Allocate(4096, out DmaBuffer buffer), Is.Null);
        return buffer;
    }

    [Test]
    public void WhereManagedMemoryCannotBeLentNoLoanIsMade()
    {
        var bench = new CapabilityBench();
        bench.DmaMemory.LendsManagedMemory = false;

        CapabilityDenial? denial = bench.Authority.Lend(bench.Driver, new byte[4096], 0, 4096, CapabilityRights.Write,
            CapabilityAuthority.Below4GiB, out DmaBuffer lent);

        Assert.That(denial?.Reason, Is.EqualTo(DenialReason.Unavailable));
        Assert.That(lent, Is.Null);
        Assert.That(bench.Driver.CapabilityCount, Is.Zero);
    }

    [Test]
    public void EndingALoanTheRestartDroppedLeavesTheNewGenerationsCapabilitiesAlone()
    {
        var bench = new CapabilityBench();
        DmaBuffer lent = Lend(bench, new byte[4096], 0, 4096, CapabilityRights.Write);
        bench.Authority.RevokeAll(bench.Driver);
        bench.Authority.BeginNewGeneration(bench.Driver);
        var held = new List<IoPortRange>();
        for (int i = 0; i < 4; i++) held.Add(bench.GrantPorts(i, 1, CapabilityRights.Read));

        bench.Authority.EndLoan(lent);

        Assert.That(Enumerable.Range(0, bench.Driver.CapabilityCount).Select(bench.Driver.CapabilityAt), Is.EqualTo(held));
    }
}
