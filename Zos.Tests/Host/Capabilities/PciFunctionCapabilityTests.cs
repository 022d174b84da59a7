using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class PciFunctionCapabilityTests
{
    [Test]
    public void ReadsAndWritesItsFunctionsConfigurationSpace()
    {
        var bench = new CapabilityBench();
        bench.Pci.Space[0] = 0x34;
        bench.Pci.Space[1] = 0x12;
        bench.Pci.Space[2] = 0xE8;
        bench.Pci.Space[3] = 0x11;
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.ReadWrite);

        Assert.That(function.Address, Is.EqualTo("00:04.0"));
        Assert.That(function.Read32(0), Is.EqualTo(0x11E8_1234));
        Assert.That(function.Read16(2), Is.EqualTo(0x11E8));
        function.Write16(4, 0x0006);
        function.Write8(0x3C, 11);
        function.Write32(0x40, 0xDEAD_BEEF);
        Assert.That(function.Read8(4), Is.EqualTo(6));
        Assert.That(function.Read32(0x40), Is.EqualTo(0xDEAD_BEEF));
    }

    [TestCase(0x10)]
    [TestCase(0x24)]
    [TestCase(0x30)]
    public void WritingABarOrTheExpansionRomIsAViolation(int offset)
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.ReadWrite);

        function.Read32(offset);
        bench.AssertViolation(() => function.Write32(offset, 0xFFFF_FFFF), ViolationReason.ProtectedRegister);
        bench.AssertViolation(() => function.Write8(offset + 3, 0xFF), ViolationReason.ProtectedRegister);
    }

    [Test]
    public void OffsetsBeyondTheFunctionAndMisalignedAccessesAreViolations()
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.ReadWrite);

        bench.AssertViolation(() => function.Read32(0x100), ViolationReason.OutOfRange);
        bench.AssertViolation(() => function.Read8(-1), ViolationReason.OutOfRange);
        bench.AssertViolation(() => function.Read16(0x101), ViolationReason.OutOfRange);
        bench.AssertViolation(() => function.Read32(2), ViolationReason.Misaligned);
        bench.AssertViolation(() => function.Write16(0x41, 0), ViolationReason.Misaligned);
    }

    [Test]
    public void AReadOnlyGrantCannotWrite()
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.Read);

        bench.AssertViolation(() => function.Write16(4, 6), ViolationReason.MissingRights);
    }

    [Test]
    public void DescribesItsFunctionAndRights()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.GrantPci(CapabilityRights.Read).Describe(), Is.EqualTo("pci 00:04.0 read"));
    }

    [TestCase(0x0C)]
    [TestCase(0x28)]
    [TestCase(0x2C)]
    [TestCase(0x34)]
    public void TheRegistersRightBesideTheBarsAndTheExpansionRomAreWritable(int offset)
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.ReadWrite);

        function.Write32(offset, 0x8086_1234);

        Assert.That(BitConverter.ToUInt32(bench.Pci.Space, offset), Is.EqualTo(0x8086_1234));
    }

    [Test]
    public void TheLastRegistersOfConfigurationSpaceCanBeReadAndWritten()
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.ReadWrite);
        bench.Pci.Space[0xFC] = 0x78;

        Assert.That(function.Read32(0xFC), Is.EqualTo(0x78));
        Assert.That(function.Read16(0xFE), Is.EqualTo(0));
        function.Write8(0xFF, 0x9A);
        Assert.That(bench.Pci.Space[0xFF], Is.EqualTo(0x9A));
        Assert.That(function.Read8(0xFF), Is.EqualTo(0x9A));
    }

    [Test]
    public void AReadOnlyGrantCannotWriteAtAnyWidth()
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.Read);

        bench.AssertViolation(() => function.Write8(0x3C, 11), ViolationReason.MissingRights);
        bench.AssertViolation(() => function.Write32(0x40, 1), ViolationReason.MissingRights);
        Assert.That(bench.Pci.Space[0x3C], Is.Zero);
    }

    [Test]
    public void A8BitWriteBeyondTheFunctionIsAViolation()
    {
        var bench = new CapabilityBench();
        PciFunctionCapability function = bench.GrantPci(CapabilityRights.ReadWrite);

        CapabilityEvent violation = bench.AssertViolation(() => function.Write8(0x100, 1), ViolationReason.OutOfRange);
        Assert.That(violation.Address, Is.EqualTo(0x100UL));
    }
}
