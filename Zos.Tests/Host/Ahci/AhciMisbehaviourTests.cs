using Zos.Drivers.Ahci;
using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Ahci;

// Devices and HBAs that do what they must not, and commands that fail:
// each is reported naming what went wrong, and the engine's records stay sound.
public class AhciMisbehaviourTests
{
    // The Set Device Bits FIS in memory can name tags Poll already reaped
    // through PxSACT (QEMU writes it before clearing PxSACT, raising SDBS
    // after): PxSACT alone decides, a stale or odd FIS crashes nothing.
    [Test]
    public void TagsNamedOnlyByASetDeviceBitsFisAreNotTakenForCompletions()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).HoldQueuedCompletions = true;
        DmaBuffer data = rig.Allocate(8192);
        port.Issue(3, AtaCommand.ReadFpdmaQueued(0, 8), data.DeviceAddress, 4096);
        port.Issue(4, AtaCommand.ReadFpdmaQueued(8, 8), data.DeviceAddress + 4096, 4096);
        rig.Hba.Port(0).ExtraCompletedTags = (1u << 7) | (1u << 4);

        rig.Hba.Port(0).CompleteQueued(3);
        AhciPollResult result = port.Poll();

        Assert.That((result.Completed, result.Halted), Is.EqualTo((1u << 3, false)), "slot 4 is still active in PxSACT");
        Assert.That(port.BusySlots, Is.EqualTo(1u << 4));
        rig.Hba.Port(0).CompleteQueued(4);
        Assert.That(port.Poll().Completed, Is.EqualTo(1u << 4));
    }

    [Test]
    public void ADeviceErrorNamesTheCommandTheSlotAndTheFailingLba()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        disk.FailingLbas.Add(1004);
        AhciPort port = rig.StartPort(0);
        DmaBuffer data = rig.Allocate(4096);

        port.Issue(2, AtaCommand.ReadDmaExt(1000, 8), data.DeviceAddress, 4096);
        AhciPollResult result = port.Poll();

        Assert.That((result.Completed, result.Failed, result.Halted), Is.EqualTo((0u, 0u, true)));
        AhciCommandError error = port.HaltError;
        Assert.That((error.Kind, error.Slot, error.Lba, error.ReportedLba, error.IsUncorrectable), Is.EqualTo((AhciErrorKind.DeviceError, 2, 1000UL, 1004UL, true)));
        Assert.That(error.Message, Is.EqualTo("port 0: READ DMA EXT (slot 2, LBA 1000, 8 blocks) failed: device error, status 0x51 (DRDY DSC ERR), "
            + "error 0x40 (UNC), device reports LBA 1004; PxIS 0x40000000 (TFES), PxSERR 0x0 (none)"));
        Assert.Throws<InvalidOperationException>(() => port.Issue(3, AtaCommand.FlushCacheExt(), 0, 0), "no command while halted");

        AhciRecovery recovery = port.Recover();

        Assert.That((recovery.FailedSlot, recovery.RetrySlots, recovery.Problem), Is.EqualTo((2, 0u, (string?)null)));
        Assert.That(recovery.Error, Is.SameAs(error));
        Assert.That(port.ErrorOf(2), Is.SameAs(error));
        Assert.That(rig.Hba.Port(0).SataError, Is.EqualTo(0u));
        disk.FailingLbas.Clear();
        Assert.That(port.ExecutePolled(0, AtaCommand.ReadDmaExt(1000, 8), data.DeviceAddress, 4096, 100), Is.Null, "the port works again");
        rig.AssertNoViolations();
    }

    [Test]
    public void AQueuedErrorWithOneCommandInFlightBlamesItAndRetriesNothing()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        disk.FailingLbas.Add(50);
        AhciPort port = rig.StartPort(0);

        port.Issue(9, AtaCommand.ReadFpdmaQueued(48, 4), rig.Allocate(2048).DeviceAddress, 2048);

        Assert.That(port.Poll().Halted, Is.True);
        Assert.That(port.HaltError.Message, Does.StartWith("port 0: READ FPDMA QUEUED (slot 9, LBA 48, 4 blocks) failed: device error, status 0x51 (DRDY DSC ERR), error 0x40 (UNC); PxIS 0x40000008 (TFES SDBS)"),
            "an NCQ error comes in a Set Device Bits FIS, which reports no LBA");
        AhciRecovery recovery = port.Recover();
        Assert.That((recovery.FailedSlot, recovery.RetrySlots, recovery.Restarted), Is.EqualTo((9, 0u, true)));
        // The device aborts everything after an NCQ error until it is reset
        // (SATA 3.x 13.6.3.2): the recovery reset it, so the next command works.
        port.Issue(3, AtaCommand.ReadFpdmaQueued(8, 4), rig.Allocate(2048).DeviceAddress, 2048);
        AhciPollResult next = port.Poll();
        Assert.That((next.Completed, next.Halted), Is.EqualTo((1u << 3, false)), port.HaltError?.Message);
        rig.AssertNoViolations();
    }

    [Test]
    public void AQueuedErrorWithSeveralInFlightRetriesEveryOneOfThem()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        disk.FailingLbas.Add(20);
        AhciPort port = rig.StartPort(0);
        SimulatedAhciPort sim = rig.Hba.Port(0);
        sim.HoldQueuedCompletions = true;
        DmaBuffer data = rig.Allocate(4 * 4096);
        for (int slot = 0; slot < 4; slot++) port.Issue(slot, AtaCommand.ReadFpdmaQueued((ulong)(8 * slot), 8), data.DeviceAddress + (ulong)(4096 * slot), 4096);

        sim.CompleteQueued(0, 2);
        AhciPollResult result = port.Poll();

        Assert.That((result.Completed, result.Halted), Is.EqualTo((1u, true)), "slot 0 finished before the error");
        Assert.That(port.HaltError.Slot, Is.EqualTo(-1));
        Assert.That(port.HaltError.Message, Does.StartWith("port 0: a command (the HBA did not say which slot) failed: device error").And.Contains("in flight: slots 0xe"));
        AhciRecovery recovery = port.Recover();
        Assert.That((recovery.FailedSlot, recovery.RetrySlots, recovery.Restarted), Is.EqualTo((-1, 0xEu, true)));
        Assert.That((port.BusySlots, port.Halted, sim.SataActive), Is.EqualTo((0u, false, 0u)), "the engine and the HBA forgot them");
        rig.AssertNoViolations();
    }

    [Test]
    public void ANonQueuedReadThatMovedFewerBytesThanAskedFailsOnItsPrdbc()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).ReportedByteCount = 4096;

        port.Issue(1, AtaCommand.ReadDmaExt(0, 16), rig.Allocate(8192).DeviceAddress, 8192);
        AhciPollResult result = port.Poll();

        Assert.That((result.Completed, result.Failed, result.Halted), Is.EqualTo((0u, 2u, false)));
        Assert.That(port.ErrorOf(1).Kind, Is.EqualTo(AhciErrorKind.TransferMismatch));
        Assert.That(port.ErrorOf(1).Message, Is.EqualTo("port 0: READ DMA EXT (slot 1, LBA 0, 16 blocks) failed: wrong transfer length, PRDBC 4096 bytes, 8192 expected; "
            + "PxIS 0x1 (DHRS), PxSERR 0x0 (none)"));
        Assert.That(port.BusySlots, Is.EqualTo(0u), "the slot is free again");
    }

    [Test]
    public void APrdtShorterThanARead()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);

        // 16 sectors asked, a PRDT of 4 KiB given: the HBA has nowhere to put the rest.
        port.Issue(0, AtaCommand.ReadDmaExt(0, 16), rig.Allocate(4096).DeviceAddress, 4096);

        Assert.That(port.Poll().Halted, Is.True);
        Assert.That((port.HaltError.Kind, port.HaltError.Slot), Is.EqualTo((AhciErrorKind.Overflow, 0)));
        Assert.That(port.HaltError.Message, Does.StartWith("port 0: READ DMA EXT (slot 0, LBA 0, 16 blocks) failed: the device sent more data than the PRDT describes"));
        Assert.That(port.Recover().Restarted, Is.True);
    }

    [Test]
    public void APrdtShorterThanAWriteIsAbortedByTheDevice()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);

        port.Issue(0, AtaCommand.WriteDmaExt(0, 16), rig.Allocate(4096).DeviceAddress, 4096);

        Assert.That(port.Poll().Halted, Is.True);
        Assert.That((port.HaltError.Kind, port.HaltError.IsAborted), Is.EqualTo((AhciErrorKind.DeviceError, true)));
        Assert.That(disk.Data.All(b => b == 0), Is.True, "nothing was written");
    }

    [Test]
    public void DataTheHbaCannotReachIsAHostBusError()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);

        port.Issue(0, AtaCommand.ReadDmaExt(0, 8), 0x7000_0000, 4096);

        Assert.That(port.Poll().Halted, Is.True);
        Assert.That(port.HaltError.Kind, Is.EqualTo(AhciErrorKind.HostBusError));
        Assert.That(port.HaltError.Message, Does.Contain("PxIS 0x20000000 (HBFS)"));
    }

    [Test]
    public void GarbageIdentifyDataFromTheDeviceIsRefusedWithTheReason()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        byte[] garbage = disk.Identify.Build();
        garbage[2 * 100 + 1] ^= 0xFF;   // break the capacity without fixing the checksum
        disk.IdentifyOverride = garbage;
        AhciPort port = rig.StartPort(0);
        DmaBuffer buffer = rig.Allocate(512);

        Assert.That(port.ExecutePolled(0, AtaCommand.IdentifyDevice(), buffer.DeviceAddress, 512, 100), Is.Null);
        var data = new byte[512];
        buffer.CopyTo(0, data);

        Assert.That(AtaIdentifyData.Parse(data, out _), Does.StartWith("IDENTIFY DEVICE checksum is wrong"));
    }

    [Test]
    public void AHungDeviceTimesOutAndIsRecoveredByComReset()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        SimulatedAhciPort sim = rig.Hba.Port(0);
        sim.DeviceHangs = true;
        long before = rig.Delay.TotalMilliseconds;

        AhciCommandError? error = port.ExecutePolled(5, AtaCommand.FlushCacheExt(), 0, 0, 30);

        Assert.That(error?.Kind, Is.EqualTo(AhciErrorKind.Timeout));
        Assert.That(error!.Message, Does.StartWith("port 0: FLUSH CACHE EXT (slot 5, LBA 0, 0 blocks) failed: timed out, no completion within 30 ms"));
        Assert.That(rig.Delay.TotalMilliseconds - before, Is.LessThan(100), "bounded: the timeout plus a COMRESET");
        Assert.That((port.Halted, port.BusySlots, sim.Command & 0x1), Is.EqualTo((false, 0u, 1u)), "restarted with nothing in flight");
        Assert.That(sim.TaskFile & 0x88, Is.EqualTo(0u), "the COMRESET cleared BSY");
        sim.DeviceHangs = false;
        Assert.That(port.ExecutePolled(0, AtaCommand.FlushCacheExt(), 0, 0, 30), Is.Null);
        Assert.That(disk.Flushes, Is.EqualTo(1));
        rig.AssertNoViolations();
    }

    [Test]
    public void APortWhoseCrNeverClearsDuringRecoveryNeedsAnHbaResetAndSaysSo()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        disk.FailingLbas.Add(0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).CommandListStopMilliseconds = -1;
        port.Issue(0, AtaCommand.ReadDmaExt(0, 1), rig.Allocate(512).DeviceAddress, 512);
        Assert.That(port.Poll().Halted, Is.True);
        long before = rig.Delay.TotalMilliseconds;

        AhciRecovery recovery = port.Recover();

        Assert.That(recovery.Restarted, Is.False);
        Assert.That(recovery.Problem, Is.EqualTo("port 0 did not stop: PxCMD.CR still set 500 ms after ST was cleared (PxCMD 0x0000c016); "
            + "a COMRESET did not help (an HBA reset is left)"));
        Assert.That(rig.Delay.TotalMilliseconds - before, Is.InRange(1000, 1010), "500 ms, a COMRESET, 500 ms more");
        Assert.That(recovery.FailedSlot, Is.EqualTo(0));
    }

    [Test]
    public void ASlotActiveInPxCiThatWasNeverIssuedIsAProtocolError()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).HoldQueuedCompletions = true;
        port.Issue(0, AtaCommand.ReadFpdmaQueued(0, 1), rig.Allocate(512).DeviceAddress, 512);
        rig.Hba.Port(0).PhantomIssued = 1u << 6;

        var thrown = Assert.Throws<AhciProtocolException>(() => port.Poll())!;

        Assert.That(thrown.Message, Is.EqualTo("port 0: slots 0x40 are active in PxCI/PxSACT but were never issued (issued 0x1)"));
        Assert.That(port.BusySlots, Is.EqualTo(1u));
    }

    [Test]
    public void AFailedPacketCommandReportsItsSenseKeyNotAtaErrorBits()
    {
        var rig = new AhciRig();
        rig.Hba.Port(1).Attach(new SimulatedAtapiDrive(4));
        AhciPort port = rig.StartPort(1);

        AhciCommandError? error = port.ExecutePolled(0, AtaCommand.PacketRead10(3, 2), rig.Allocate(4096).DeviceAddress, 4096, 100);

        Assert.That(error?.Message, Does.StartWith("port 1: PACKET READ(10) (slot 0, LBA 3, 2 blocks) failed: device error, status 0x51 (DRDY DSC ERR), "
            + "error 0x54 (sense key 0x5)"), "ILLEGAL REQUEST: blocks 3-4 of a 4-block disc");
    }

    [Test]
    public void ANonQueuedErrorBlamesTheSlotInPxCmdCcsAndRetriesTheOnesBehindIt()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        disk.FailingLbas.Add(7);
        AhciPort port = rig.StartPort(0);
        DmaBuffer data = rig.Allocate(3 * 4096);

        port.Issue(4, AtaCommand.ReadDmaExt(0, 8), data.DeviceAddress, 4096);
        port.Issue(1, AtaCommand.ReadDmaExt(100, 8), data.DeviceAddress + 4096, 4096);
        port.Issue(9, AtaCommand.WriteDmaExt(200, 8), data.DeviceAddress + 8192, 4096);
        AhciPollResult result = port.Poll();

        Assert.That((result.Completed, result.Halted), Is.EqualTo((0u, true)), "the HBA stopped at slot 4; 1 and 9 were never fetched");
        Assert.That(port.HaltError.Message, Does.StartWith("port 0: READ DMA EXT (slot 4, LBA 0, 8 blocks)").And.Contains("device reports LBA 7"));
        AhciRecovery recovery = port.Recover();
        Assert.That((recovery.FailedSlot, recovery.RetrySlots), Is.EqualTo((4, (1u << 1) | (1u << 9))));
        Assert.That(rig.Hba.Port(0).Fetched.Select(f => f.Slot), Is.EqualTo(new[] { 4 }));
        rig.AssertNoViolations();
    }
}
