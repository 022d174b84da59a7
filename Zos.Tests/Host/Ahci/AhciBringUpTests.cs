using Zos.Drivers.Ahci;

namespace Zos.Tests.Host.Ahci;

// Taking the HBA over (AHCI 1.3.1, 10.1.2, 10.4.3, 10.6.3): capabilities,
// ports the firmware left running, ports that never stop, the BIOS handoff.
public class AhciBringUpTests
{
    // SeaBIOS's lists live in BIOS memory, which the simulated HBA cannot reach.
    private const ulong BiosList = 0x9F000, BiosFis = 0x9F400;

    [Test]
    public void TheCapabilitiesOfQemusHbaAreDecoded()
    {
        var rig = new AhciRig();

        Assert.That(rig.Engine.ReadCapabilities(), Is.Null);

        AhciHbaCapabilities caps = rig.Engine.Capabilities;
        Assert.That((caps.CommandSlots, caps.PortCount, caps.PortsImplemented), Is.EqualTo((32, 6, 0x3Fu)));
        Assert.That((caps.SupportsNcq, caps.Supports64BitAddressing, caps.SupportsCommandListOverride, caps.AhciOnly, caps.HasBiosHandoff),
            Is.EqualTo((true, true, false, true, false)));
        Assert.That(caps.VersionText, Is.EqualTo("1.0"));
        Assert.That(Enumerable.Range(0, 32).Where(p => rig.Engine.Port(p) is not null), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(caps.ToString(), Is.EqualTo("AHCI 1.0, 6 ports (PI 0x3f), 32 slots, NCQ, 64-bit"));
    }

    [TestCase(0x00010301u, "1.3.1")]
    [TestCase(0x00010300u, "1.3")]
    [TestCase(0x00000905u, "0.95")]
    public void TheVersionReadsAsTheSpecWritesIt(uint vs, string text)
    {
        Assert.That(new AhciHbaCapabilities(0, 0, 1, vs).VersionText, Is.EqualTo(text));
    }

    [Test]
    public void ACommandSlotCountAndPortCountAreZeroBased()
    {
        // NCS 7 (bits 12:8) and NP 1 (bits 4:0): 8 slots, 2 ports.
        var caps = new AhciHbaCapabilities(0x00000701, 0, 0x3, 0x00010000);
        Assert.That((caps.CommandSlots, caps.PortCount, caps.SupportsNcq), Is.EqualTo((8, 2, false)));
    }

    [Test]
    public void APortWhoseRegistersLieBeyondAbarIsRefused()
    {
        var rig = new AhciRig(portsImplemented: 0x8000_0001);

        Assert.That(rig.Engine.ReadCapabilities(), Is.EqualTo(
            "port 31 is implemented (PI 0x80000001) but its registers end at 0x1100, beyond the 0x1000 bytes of ABAR"));
    }

    [Test]
    public void NoImplementedPortIsRefused()
    {
        var rig = new AhciRig(portsImplemented: 0);
        Assert.That(rig.Engine.BringUp(), Is.EqualTo("the HBA implements no ports (PI 0)"));
    }

    [Test]
    public void APortLeftRunningByTheFirmwareIsStoppedBeforeItGetsNewLists()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        SimulatedAhciPort sim = rig.Hba.Port(0);
        sim.LeaveRunningByFirmware(BiosList, BiosFis);
        sim.CommandListStopMilliseconds = 3;
        sim.FisReceiveStopMilliseconds = 2;

        Assert.That(rig.Engine.BringUp(), Is.Null);

        Assert.That(sim.Command & 0xC011, Is.EqualTo(0u), "ST, FRE, FR and CR all clear");
        Assert.That(rig.Engine.ResetPerformed, Is.False, "the port stopped by itself: no HBA reset");
        Assert.That(rig.Delay.TotalMilliseconds, Is.InRange(5, 10), "the engine waited for CR, then FR");
        AhciPort port = rig.StartPort(0);
        Assert.That(sim.Read(0x00) | (ulong)sim.Read(0x04) << 32, Is.EqualTo(port.Memory.CommandListAddress), "PxCLB/PxCLBU: the driver's list");
        Assert.That(sim.Read(0x08) | (ulong)sim.Read(0x0C) << 32, Is.EqualTo(port.Memory.ReceivedFisAddress));
        Assert.That(sim.Command & 0xC011, Is.EqualTo(0xC011u), "running again on the new lists");
        rig.AssertNoViolations();
    }

    [Test]
    public void APortThatNeverClearsCrIsNamedAfter500MillisecondsEvenAfterAnHbaReset()
    {
        var rig = new AhciRig();
        rig.AttachDisk(2);
        SimulatedAhciPort sim = rig.Hba.Port(2);
        sim.LeaveRunningByFirmware(BiosList, BiosFis);
        sim.CommandListStopMilliseconds = -1;
        sim.StuckThroughHbaReset = true;

        string? problem = rig.Engine.BringUp();

        Assert.That(problem, Is.EqualTo("port 2 did not stop: PxCMD.CR still set 500 ms after ST was cleared (PxCMD 0x0000c016) (even after an HBA reset)"));
        Assert.That(rig.Hba.HbaResets, Is.EqualTo(1), "one HBA reset was tried in between");
        Assert.That(rig.Delay.TotalMilliseconds, Is.InRange(1000, 1010), "two bounded waits of 500 ms, nothing more");
    }

    [Test]
    public void APortStuckUntilAnHbaResetIsFreedByOne()
    {
        var rig = new AhciRig();
        rig.AttachDisk(1);
        SimulatedAhciPort sim = rig.Hba.Port(1);
        sim.LeaveRunningByFirmware(BiosList, BiosFis);
        sim.CommandListStopMilliseconds = -1;

        Assert.That(rig.Engine.BringUp(), Is.Null);

        Assert.That((rig.Engine.ResetPerformed, rig.Hba.HbaResets), Is.EqualTo((true, 1)));
        Assert.That(sim.Command & 0xC011, Is.EqualTo(0u));
        Assert.That(rig.Engine.Port(1).Detect(), Is.EqualTo(AhciDeviceKind.Ata), "the reset brought the link back");
    }

    [Test]
    public void AnHbaResetThatNeverFinishesIsAnError()
    {
        var rig = new AhciRig();
        rig.Hba.ResetMilliseconds = -1;
        Assert.That(rig.Engine.ReadCapabilities(), Is.Null);

        Assert.That(rig.Engine.Reset(), Is.EqualTo("the HBA did not finish its reset: GHC.HR still set after 1000 ms"));
        Assert.That(rig.Delay.TotalMilliseconds, Is.EqualTo(1000));
    }

    [Test]
    public void TheBiosHandsTheHbaOverAfterItsBusyTime()
    {
        var rig = new AhciRig(cap2: 0x1);
        rig.Hba.BiosBusyMilliseconds = 300;

        Assert.That(rig.Engine.BringUp(), Is.Null);

        Assert.That(rig.Engine.TookOverFromBios, Is.True);
        Assert.That(rig.Hba.HandoffControl & 0x13, Is.EqualTo(0x2u), "OOS set; BOS and BB clear");
        Assert.That(rig.Delay.TotalMilliseconds, Is.GreaterThanOrEqualTo(300), "waited out the BIOS's busy time (BB) past 25 ms");
    }

    [Test]
    public void ABiosThatNeverLetsGoIsAnError()
    {
        var rig = new AhciRig(cap2: 0x1);
        rig.Hba.BiosReleaseMilliseconds = -1;

        Assert.That(rig.Engine.BringUp(), Is.EqualTo("the BIOS did not hand the HBA over: BOHC.BOS still set 25 ms after OOS (BOHC 0x3)"));
    }

    [Test]
    public void WithoutBiosHandoffBohcIsLeftAlone()
    {
        var rig = new AhciRig();
        Assert.That(rig.Engine.BringUp(), Is.Null);
        Assert.That(rig.Engine.TookOverFromBios, Is.False);
        rig.AssertNoViolations();
    }

    [Test]
    public void EnablingInterruptsClearsStaleStatusFirstAndACompletionThenRaisesOne()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        // A completion while GHC.IE is off leaves IS bit 0 set (PxIE enables it), and nobody acknowledges it.
        Assert.That(port.ExecutePolled(0, AtaCommand.FlushCacheExt(), 0, 0, 10), Is.Null);
        Assert.That((rig.Engine.ReadInterruptStatus(), rig.Hba.InterruptAsserted), Is.EqualTo((1u, false)));

        rig.Engine.EnableInterrupts();

        Assert.That(rig.Hba.GlobalControl & 0x2, Is.EqualTo(0x2u), "GHC.IE");
        Assert.That((rig.Hba.InterruptAsserted, rig.Hba.InterruptsRaised), Is.EqualTo((false, 0)), "the stale IS bit was cleared before IE was set");

        port.Issue(0, AtaCommand.FlushCacheExt(), 0, 0);

        Assert.That((rig.Hba.InterruptAsserted, rig.Engine.ReadInterruptStatus()), Is.EqualTo((true, 1u)));
        uint ports = rig.Engine.ReadInterruptStatus();
        Assert.That(port.Poll().Completed, Is.EqualTo(1u));
        rig.Engine.AcknowledgeInterrupts(ports);
        Assert.That((rig.Hba.InterruptAsserted, rig.Engine.ReadInterruptStatus()), Is.EqualTo((false, 0u)));
        rig.AssertNoViolations();
    }
}
