using Zos.Drivers.Ahci;

namespace Zos.Tests.Host.Ahci;

// What is on each port (PxSSTS, PxSIG; AHCI 1.3.1 3.3.9-3.3.10), starting
// the command engine only where a device is (10.3.1), and COMRESET (10.4.2).
public class AhciDetectionTests
{
    [Test]
    public void AtaAtapiAndEmptyPortsAreToldApartBySignature()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        rig.Hba.Port(1).Attach(new SimulatedAtapiDrive(16));
        Assert.That(rig.Engine.BringUp(), Is.Null);

        Assert.That(rig.Engine.Port(0).Detect(), Is.EqualTo(AhciDeviceKind.Ata));
        Assert.That(rig.Engine.Port(1).Detect(), Is.EqualTo(AhciDeviceKind.Atapi));
        Assert.That(rig.Engine.Port(2).Detect(), Is.EqualTo(AhciDeviceKind.None));
        Assert.That(rig.Engine.Port(0).ReadLink().ToString(), Is.EqualTo("ata, 1.5 Gb/s (PxSSTS 0x113, PxSIG 0x101, PxTFD 0x50)"));
        Assert.That(rig.Engine.Port(1).ReadLink().ToString(), Does.StartWith("atapi, 1.5 Gb/s (PxSSTS 0x113, PxSIG 0xeb140101"));
    }

    [TestCase(0x00000000u, 0x101u, AhciDeviceKind.None)]
    [TestCase(0x00000001u, 0x101u, AhciDeviceKind.NoCommunication)]
    [TestCase(0x00000004u, 0x101u, AhciDeviceKind.Offline)]
    [TestCase(0x00000613u, 0x101u, AhciDeviceKind.PowerManaged)]      // IPM 6: slumber
    [TestCase(0x00000113u, 0x96690101u, AhciDeviceKind.PortMultiplier)]
    [TestCase(0x00000113u, 0xC33C0101u, AhciDeviceKind.EnclosureBridge)]
    [TestCase(0x00000113u, 0x12345678u, AhciDeviceKind.Unknown)]
    public void TheLinkStateDecidesBeforeTheSignature(uint ssts, uint signature, AhciDeviceKind kind)
    {
        Assert.That(new AhciLinkStatus(ssts, signature, 0x50).Kind, Is.EqualTo(kind));
    }

    [Test]
    public void AnEmptyPortIsNotStarted()
    {
        var rig = new AhciRig();
        Assert.That(rig.Engine.BringUp(), Is.Null);
        AhciPort port = rig.Engine.Port(3);
        port.Attach(new AhciPortMemory(rig.Allocate(AhciPortMemory.BytesFor(32, 8)), 32, 8));

        Assert.That(port.Start(), Is.EqualTo("port 3 has no device to start: no device (PxSSTS 0x0, PxSIG 0xffffffff, PxTFD 0x7f)"));
        Assert.That(rig.Hba.Port(3).Command & 0x1, Is.EqualTo(0u));
        rig.AssertNoViolations();
    }

    [Test]
    public void AnAtapiPortStartsWithPxCmdAtapiSet()
    {
        var rig = new AhciRig();
        rig.Hba.Port(1).Attach(new SimulatedAtapiDrive(16));
        rig.StartPort(1);
        Assert.That(rig.Hba.Port(1).Command & 0x01000001, Is.EqualTo(0x01000001u), "ST and ATAPI (bit 24)");
        rig.AssertNoViolations();
    }

    [Test]
    public void ComResetHoldsDetLongEnoughBringsTheLinkBackAndClearsSerr()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        Assert.That(port.StopCommandEngine(), Is.Null);

        Assert.That(port.ComReset(), Is.Null);

        Assert.That(port.Detect(), Is.EqualTo(AhciDeviceKind.Ata));
        Assert.That(rig.Hba.Port(0).SataError, Is.EqualTo(0u), "DIAG.X from the device's COMINIT is cleared");
        Assert.That(rig.Hba.Port(0).InterruptStatus & (1u << 6), Is.Not.Zero, "the HBA saw the connect change (PCS)");
        Assert.That(port.Start(), Is.Null);
        rig.AssertNoViolations();
    }

    [Test]
    public void ComResetWithTheCommandEngineRunningIsRefusedBeforeTouchingTheLink()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);

        Assert.Throws<InvalidOperationException>(() => port.ComReset());
        Assert.That(rig.Hba.Port(0).SataStatus & 0xF, Is.EqualTo(3u));
        rig.AssertNoViolations();
    }

    [Test]
    public void AttachingARunningPortIsRefused()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);

        var thrown = Assert.Throws<InvalidOperationException>(() => port.Attach(port.Memory))!;
        Assert.That(thrown.Message, Does.StartWith("port 0 is running (PxCMD 0x0000c017)"));
    }
}
