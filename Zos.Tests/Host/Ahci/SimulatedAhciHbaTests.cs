using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Ahci;

// The simulated HBA itself refuses what AHCI 1.3.1 (and QEMU) refuse, so the
// engine's tests cannot pass by luck. Register offsets are literals (3.1, 3.3).
public class SimulatedAhciHbaTests
{
    private const ulong Port0 = 0x100;

    [Test]
    public void NarrowAndMisalignedWritesNeverReachARegister()
    {
        var rig = new AhciRig();

        rig.Abar.Write16(0x04, 0x0002);              // GHC.IE as a 16-bit write
        rig.Hba.Write(0x05, 4, 0x0000_0200);           // a 32-bit write one byte off

        Assert.That(rig.Hba.GlobalControl & 0x2, Is.EqualTo(0u));
        Assert.That(rig.Hba.DroppedWrites, Is.EqualTo(2));
        Assert.That(rig.Abar.Read16(0x06), Is.EqualTo(0x8000), "reads see the byte lanes of the 32-bit register: GHC.AE");
    }

    [Test]
    public void TheCommandListIsNotFetchedBeforeStIsSet()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        DmaBuffer list = rig.Allocate(4096);
        rig.Abar.Write32(Port0 + 0x00, (uint)list.DeviceAddress);          // PxCLB
        rig.Abar.Write32(Port0 + 0x08, (uint)list.DeviceAddress + 0x400);  // PxFB
        rig.Abar.Write32(Port0 + 0x18, 0x10);                              // PxCMD.FRE only

        rig.Abar.Write32(Port0 + 0x38, 0x1);                               // PxCI

        Assert.That(rig.Hba.Port(0).Violations, Is.EqualTo(new[] { "PxCI written while PxCMD.ST is clear" }));
        Assert.That((rig.Hba.Port(0).Fetched.Count, rig.Hba.Port(0).CommandIssue), Is.EqualTo((0, 0u)));
    }

    [Test]
    public void StIsRefusedWithoutFisReceive()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);

        rig.Abar.Write32(Port0 + 0x18, 0x1);

        Assert.That(rig.Hba.Port(0).Violations, Is.EqualTo(new[] { "PxCMD.ST set while FRE is clear" }));
        Assert.That(rig.Hba.Port(0).Command & 0x8001, Is.EqualTo(0u), "neither ST nor CR");
    }

    [Test]
    public void TheListAddressCannotMoveUnderARunningEngine()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        rig.StartPort(0);
        uint before = rig.Hba.Port(0).Read(0x00);

        rig.Abar.Write32(Port0 + 0x00, 0x0123_4000);

        Assert.That(rig.Hba.Port(0).Read(0x00), Is.EqualTo(before));
        Assert.That(rig.Hba.Port(0).Violations, Is.EqualTo(new[] { "PxCLB written while PxCMD.ST is set" }));
    }

    [Test]
    public void AComResetHeldUnderAMillisecondIsNotSent()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);

        rig.Abar.Write32(Port0 + 0x2C, 0x1);   // PxSCTL.DET = 1
        rig.Abar.Write32(Port0 + 0x2C, 0x0);   // at once back to 0

        Assert.That(rig.Hba.Port(0).Violations, Is.EqualTo(new[] { "PxSCTL.DET held at 1 for 0 ms; COMRESET needs at least 1 ms" }));
        Assert.That(rig.Hba.Port(0).SataError & (1u << 26), Is.EqualTo(0u), "no COMINIT came back (DIAG.X)");
    }

    [Test]
    public void ClearingStEmptiesPxCiAndPxSact()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        rig.StartPort(0);
        rig.Hba.Port(0).HoldQueuedCompletions = true;
        rig.Abar.Write32(Port0 + 0x34, 0x6);   // PxSACT
        rig.Hba.Port(0).DeferFetch = true;
        rig.Abar.Write32(Port0 + 0x38, 0x6);   // PxCI
        Assert.That((rig.Hba.Port(0).CommandIssue, rig.Hba.Port(0).SataActive), Is.EqualTo((6u, 6u)));

        rig.Abar.Write32(Port0 + 0x18, rig.Abar.Read32(Port0 + 0x18) & ~1u);

        Assert.That((rig.Hba.Port(0).CommandIssue, rig.Hba.Port(0).SataActive), Is.EqualTo((0u, 0u)));
    }
}
