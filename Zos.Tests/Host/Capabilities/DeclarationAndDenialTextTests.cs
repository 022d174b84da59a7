using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// What the authority refuses to declare or grant, and the sentence each
// refusal carries: the shell, the audit log and a driver's Fail show it.
public class DeclarationAndDenialTextTests
{
    [TestCase(0UL, 0x1000UL)]
    [TestCase(CapabilityBench.MmioBase, 0UL)]
    [TestCase(ulong.MaxValue - 0xFFF, 0x2000UL)]
    public void AnMmioRegionOfNoSizeOrThatWrapsIsNotDeclared(ulong physicalBase, ulong size)
    {
        var bench = new CapabilityBench();
        CapabilityDenial denial = bench.Authority.DeclareMmio(physicalBase, size, MmioCaching.Uncached, out MmioRegion region);
        Assert.That(region, Is.Null);
        Assert.That((denial!.Reason, denial.Message),
            Is.EqualTo((DenialReason.InvalidRequest, "mmio 0x" + physicalBase.ToString("x") + "+0x" + size.ToString("x") + " is not reachable")));
    }

    [Test]
    public void PortsBeyondThePortSpaceAreNotDeclared()
    {
        var bench = new CapabilityBench();
        CapabilityDenial denial = bench.Authority.DeclareIoPorts(0xFFF0, 0x20, out IoPortRange ports);
        Assert.That(ports, Is.Null);
        Assert.That(denial!.Message, Is.EqualTo("ports 0xfff0 length 32"));
    }

    [Test]
    public void DmaPoolDenialsSayWhatWasAskedAndWhatIsLeft()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, 0, 0x1000, CapabilityRights.Allocate, out _)!.Message,
            Is.EqualTo("dma pool of 0 bytes below 0x1000"));
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, 4096, 0x1000_0000, CapabilityRights.Allocate | CapabilityRights.Wait, out _)!.Message,
            Does.StartWith("a dma pool cannot carry "));
        bench.GrantDma(16384);
        Assert.That(bench.Authority.GrantDmaPool(bench.Driver, CapabilityBench.DmaBudget, 0x1000_0000, CapabilityRights.Allocate, out _)!.Message,
            Is.EqualTo($"{CapabilityBench.DmaBudget} bytes asked, {CapabilityBench.DmaBudget - 16384} left in the dma budget"));
    }

    [Test]
    public void LoanDenialsNameTheArrayAndTheRights()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.Authority.Lend(bench.Driver, null!, 0, 16, CapabilityRights.Read, CapabilityAuthority.Below4GiB, out _)!.Message,
            Is.EqualTo("a loan of 16 bytes at 0 of a missing array"));
        Assert.That(bench.Authority.Lend(bench.Driver, new byte[8], 4, 16, CapabilityRights.Read, CapabilityAuthority.Below4GiB, out _)!.Message,
            Is.EqualTo("a loan of 16 bytes at 4 of a 8-byte array"));
        Assert.That(bench.Authority.Lend(bench.Driver, new byte[64], 0, 16, CapabilityRights.Allocate, CapabilityAuthority.Below4GiB, out _)!.Message,
            Does.StartWith("a lent buffer carries read and/or write, not "));
    }

    [Test]
    public void ReclaimingLeavesTheMemoryOfValidCapabilitiesAlone()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        Assert.That(pool.Allocate(8192, out DmaBuffer buffer), Is.Null);

        Assert.That(bench.Authority.ReclaimDmaMemory(bench.Driver), Is.Zero);
        Assert.That((buffer.IsValid, bench.Authority.DmaGrantedBytes), Is.EqualTo((true, 8192UL)));
    }

    [Test]
    public void OnlyALoanCanEnd()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.GrantDma(4096).Allocate(4096, out DmaBuffer poolBuffer), Is.Null);
        var error = Assert.Throws<ArgumentException>(() => bench.Authority.EndLoan(poolBuffer))!;
        Assert.That(error.Message, Is.EqualTo("only a lent buffer's loan can end; pool buffers are freed"));
    }

    [Test]
    public void DerivationDenialsSayWhatWasAskedAndWhatTheSourceHolds()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 8, CapabilityRights.Read);

        Assert.That(ports.Derive(0, 4, CapabilityRights.ReadWrite, out _)!.Message, Is.EqualTo("asked for read,write, the source holds read"));
        Assert.That(ports.Derive(2, 0, CapabilityRights.Read, out _)!.Message, Is.EqualTo("length 0"));
        ports.Revoke();
        Assert.That(ports.Derive(0, 4, CapabilityRights.Read, out _)!.Message, Is.EqualTo("the source capability is revoked"));
    }

    [Test]
    public void PoolDenialsSayWhatWasAskedAndWhereMemoryIsMissing()
    {
        var bench = new CapabilityBench();
        ulong limit = SimulatedDmaMemory.RamBase + SimulatedDmaMemory.DeviceOffset + 4096;
        DmaPool pool = bench.GrantDma(16384, limit);

        Assert.That(pool.Allocate(-5, out _)!.Message, Is.EqualTo("buffer of -5 bytes"));
        Assert.That(pool.Allocate(4096, out _), Is.Null);
        Assert.That(pool.Allocate(100, out _)!.Message, Is.EqualTo("4096 contiguous bytes below 0x" + limit.ToString("x")));
    }

    [Test]
    public void ALoanOfMemoryTheDeviceCannotReachSaysSo()
    {
        var bench = new CapabilityBench();
        CapabilityDenial denial = bench.Authority.Lend(bench.Driver, new byte[4096], 0, 4096, CapabilityRights.Write,
            SimulatedDmaMemory.LentBase, out _);
        Assert.That(denial!.Message, Is.EqualTo("4096 bytes of managed memory cannot be lent below 0x80000000"));
    }

    [Test]
    public void ANewGenerationRefusedNamesTheOwnerAndWhatItStillHolds()
    {
        var bench = new CapabilityBench();
        bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);

        var refused = Assert.Throws<InvalidOperationException>(() => bench.Authority.BeginNewGeneration(bench.Driver))!;
        Assert.That(refused.Message, Is.EqualTo("edu still holds ports 0xc000..0xc003 read,write: revoke before a new generation"));
    }

    [Test]
    public void TheRootOwnerIsTheKernel()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.Authority.Root.Name, Is.EqualTo("kernel"));
        Assert.That(bench.PortsRoot.Owner.Name, Is.EqualTo("kernel"));
    }
}
