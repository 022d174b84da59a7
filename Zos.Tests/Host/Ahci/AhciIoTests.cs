using Zos.Drivers.Ahci;
using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Ahci;

// Commands end to end through the simulated HBA and disk: IDENTIFY, NCQ
// with every slot in flight, the non-queued commands, PRDTs of several
// entries, flush, 4 KiB sectors, 28-bit disks and ATAPI.
public class AhciIoTests
{
    [Test]
    public void IdentifyThroughThePortGivesTheDisksData()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0, sectors: 20480);
        disk.Identify.Model = "ZOS TEST DISK";
        AhciPort port = rig.StartPort(0);

        AtaIdentifyData id = rig.Identify(port);

        Assert.That((id.Model, id.Sectors, id.SupportsNcq), Is.EqualTo(("ZOS TEST DISK", 20480UL, true)));
        Assert.That(rig.Hba.Port(0).Fetched, Is.EqualTo(new[] { (0, (byte)0xEC) }));
        rig.AssertNoViolations();
    }

    [Test]
    public void ThirtyTwoQueuedReadsInFlightCompleteInTheOrderTheDeviceChooses()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        AhciRig.Pattern(disk.Data.Length, 3).CopyTo(disk.Data, 0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).HoldQueuedCompletions = true;
        var buffers = new DmaBuffer[32];
        for (int slot = 0; slot < 32; slot++)
        {
            buffers[slot] = rig.Allocate(4096);
            Assert.That(port.CanIssue(queued: true), Is.True);
            port.Issue(slot, AtaCommand.ReadFpdmaQueued((ulong)(100 + 8 * slot), 8), buffers[slot].DeviceAddress, 4096);
        }
        Assert.That((port.FreeSlot(), port.CanIssue(queued: true)), Is.EqualTo((-1, false)));
        Assert.That(rig.Hba.Port(0).SataActive, Is.EqualTo(0xFFFFFFFFu), "PxSACT holds all 32 tags");
        Assert.That(rig.Hba.Port(0).CommandIssue, Is.EqualTo(0u), "the device accepted them all");

        int[] order = Enumerable.Range(0, 32).OrderBy(slot => (slot * 13) % 32).ToArray();
        uint seen = 0;
        for (int i = 0; i < 32; i += 4)
        {
            rig.Hba.Port(0).CompleteQueued(order[i..(i + 4)]);
            AhciPollResult result = port.Poll();
            uint expected = order[i..(i + 4)].Aggregate(0u, (mask, slot) => mask | 1u << slot);
            Assert.That((result.Completed, result.Failed, result.Halted), Is.EqualTo((expected, 0u, false)), $"round {i / 4}");
            seen |= result.Completed;
        }

        Assert.That((seen, port.BusySlots), Is.EqualTo((0xFFFFFFFFu, 0u)));
        for (int slot = 0; slot < 32; slot++)
        {
            var read = new byte[4096];
            buffers[slot].CopyTo(0, read);
            Assert.That(read, Is.EqualTo(disk.Data.AsSpan((100 + 8 * slot) * 512, 4096).ToArray()), $"slot {slot}'s data");
        }
        rig.AssertNoViolations();
    }

    [Test]
    public void QueuedWritesReachTheDisk()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        byte[] client = AhciRig.Pattern(64 * 1024, 9);
        DmaBuffer lent = rig.Lend(client, CapabilityRights.Read);

        port.Issue(4, AtaCommand.WriteFpdmaQueued(2048, 128), lent.DeviceAddress, client.Length);

        Assert.That(rig.Drain(port, 1u << 4), Is.EqualTo((1u << 4, 0u, false)));
        Assert.That(disk.Data.AsSpan(2048 * 512, client.Length).ToArray(), Is.EqualTo(client));
        Assert.That(disk.Executed, Is.EqualTo(new[] { ((byte)0x61, 2048UL, 128) }));
        rig.AssertNoViolations();
    }

    [Test]
    public void WithoutNcqTheDmaExtCommandsCarryTheData()
    {
        var rig = new AhciRig(cap: 0x80141F05);   // CAP.SNCQ (bit 30) clear
        SimulatedSataDisk disk = rig.AttachDisk(0);
        disk.Identify.NcqDepth = 0;
        AhciPort port = rig.StartPort(0);
        Assert.That(rig.Identify(port).SupportsNcq, Is.False);
        Assert.That((port.CanIssue(queued: true), port.CanIssue(queued: false)), Is.EqualTo((false, true)), "no NCQ on this HBA");
        Assert.Throws<InvalidOperationException>(() => port.Issue(1, AtaCommand.ReadFpdmaQueued(0, 1), rig.Allocate(512).DeviceAddress, 512));

        DmaBuffer data = rig.Allocate(8192);
        data.CopyFrom(0, AhciRig.Pattern(8192, 5));
        port.Issue(0, AtaCommand.WriteDmaExt(77, 16), data.DeviceAddress, 8192);
        Assert.That(port.Poll().Completed, Is.EqualTo(1u));
        DmaBuffer back = rig.Allocate(8192);
        port.Issue(1, AtaCommand.ReadDmaExt(77, 16), back.DeviceAddress, 8192);
        Assert.That(port.Poll().Completed, Is.EqualTo(2u));

        var read = new byte[8192];
        back.CopyTo(0, read);
        Assert.That(read, Is.EqualTo(AhciRig.Pattern(8192, 5)));
        Assert.That(disk.Executed.Select(c => c.Command), Is.EqualTo(new byte[] { 0xEC, 0x35, 0x25 }));
        rig.AssertNoViolations();
    }

    [Test]
    public void QueuedAndNonQueuedCommandsAreNeverInFlightTogether()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).HoldQueuedCompletions = true;
        port.Issue(0, AtaCommand.ReadFpdmaQueued(0, 1), rig.Allocate(512).DeviceAddress, 512);

        Assert.That(port.CanIssue(queued: false), Is.False);
        var thrown = Assert.Throws<InvalidOperationException>(() => port.Issue(1, AtaCommand.FlushCacheExt(), 0, 0))!;
        Assert.That(thrown.Message, Is.EqualTo("port 0: FLUSH CACHE EXT cannot go while queued commands are in flight (slots 0x1)"));
        Assert.That(rig.Hba.Port(0).Fetched, Has.Count.EqualTo(1), "nothing reached the HBA");
    }

    [Test]
    public void ATransferOverFourMebibytesIsSplitIntoPrdEntriesOfAtMostFourMebibytes()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0, sectors: 16384);
        AhciPort port = rig.StartPort(0);
        const int Bytes = 5 * 1024 * 1024 + 8192;
        byte[] client = AhciRig.Pattern(Bytes, 11);
        DmaBuffer lent = rig.Lend(client, CapabilityRights.Read);

        port.Issue(0, AtaCommand.WriteDmaExt(1000, Bytes / 512), lent.DeviceAddress, Bytes);

        Assert.That(port.Poll().Completed, Is.EqualTo(1u));
        Assert.That(rig.Hba.Port(0).LastPrdt, Is.EqualTo(new[] { (lent.DeviceAddress, 4 << 20), (lent.DeviceAddress + (4 << 20), Bytes - (4 << 20)) }));
        Assert.That(disk.Data.AsSpan(1000 * 512, Bytes).SequenceEqual(client), Is.True);

        byte[] readBack = new byte[Bytes];
        DmaBuffer into = rig.Lend(readBack, CapabilityRights.Write);
        port.Issue(1, AtaCommand.ReadFpdmaQueued(1000, Bytes / 512), into.DeviceAddress, Bytes);
        Assert.That(rig.Drain(port, 2u), Is.EqualTo((2u, 0u, false)));
        Assert.That(readBack.AsSpan().SequenceEqual(client), Is.True);
        rig.AssertNoViolations();
    }

    [Test]
    public void ATransferNeedingMorePrdEntriesThanATableHoldsIsRefusedBeforeIssue()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0, sectors: 32768);
        AhciPort port = rig.StartPort(0, prdEntries: 1);
        byte[] client = new byte[4 * 1024 * 1024 + 512];

        var thrown = Assert.Throws<ArgumentException>(() =>
            port.Issue(0, AtaCommand.ReadDmaExt(0, client.Length / 512), rig.Lend(client, CapabilityRights.Write).DeviceAddress, client.Length))!;
        Assert.That(thrown.Message, Is.EqualTo("READ DMA EXT of 4194816 bytes needs 2 PRD entries; a table here holds 1"));
        Assert.That((port.BusySlots, rig.Hba.Port(0).Fetched.Count), Is.EqualTo((0u, 0)));
    }

    [Test]
    public void FlushCacheExtReachesTheDeviceAndCompletes()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);

        Assert.That(port.ExecutePolled(3, AtaCommand.FlushCacheExt(), 0, 0, 100), Is.Null);

        Assert.That(disk.Flushes, Is.EqualTo(1));
        Assert.That(rig.Hba.Port(0).LastPrdt, Is.Empty, "a flush moves no data");
        rig.AssertNoViolations();
    }

    [Test]
    public void A4KSectorDiskMovesWholeLogicalSectors()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0, sectors: 1024, sectorBytes: 4096);
        AhciRig.Pattern(disk.Data.Length, 1).CopyTo(disk.Data, 0);
        AhciPort port = rig.StartPort(0);
        AtaIdentifyData id = rig.Identify(port);
        DmaBuffer into = rig.Allocate(2 * id.LogicalSectorBytes);

        port.Issue(0, AtaCommand.ReadDmaExt(10, 2), into.DeviceAddress, 2 * id.LogicalSectorBytes);

        Assert.That(port.Poll().Completed, Is.EqualTo(1u));
        var read = new byte[8192];
        into.CopyTo(0, read);
        Assert.That(read, Is.EqualTo(disk.Data.AsSpan(10 * 4096, 8192).ToArray()));
        rig.AssertNoViolations();
    }

    [Test]
    public void A28BitDiskIsReadWithReadDma()
    {
        var rig = new AhciRig();
        SimulatedSataDisk disk = rig.AttachDisk(0, sectors: 4096);
        disk.Identify.Lba48 = false;
        disk.Identify.NcqDepth = 0;
        AhciRig.Pattern(disk.Data.Length, 2).CopyTo(disk.Data, 0);
        AhciPort port = rig.StartPort(0);
        Assert.That(rig.Identify(port).Supports48Bit, Is.False);
        DmaBuffer into = rig.Allocate(256 * 512);

        port.Issue(0, AtaCommand.ReadDma(3000, 256), into.DeviceAddress, 256 * 512);

        Assert.That(port.Poll().Completed, Is.EqualTo(1u));
        var read = new byte[256 * 512];
        into.CopyTo(0, read);
        Assert.That(read, Is.EqualTo(disk.Data.AsSpan(3000 * 512, read.Length).ToArray()));
        Assert.That(disk.Executed[^1], Is.EqualTo(((byte)0xC8, 3000UL, 256)));
    }

    [Test]
    public void AnAtapiDriveAnswersIdentifyPacketDeviceAndReadsBlocksByPacket()
    {
        var rig = new AhciRig();
        var drive = new SimulatedAtapiDrive(32);
        AhciRig.Pattern(drive.Media.Length, 4).CopyTo(drive.Media, 0);
        rig.Hba.Port(2).Attach(drive);
        AhciPort port = rig.StartPort(2);
        DmaBuffer identify = rig.Allocate(512);

        Assert.That(port.ExecutePolled(0, AtaCommand.IdentifyPacketDevice(), identify.DeviceAddress, 512, 100), Is.Null);
        var words = new byte[512];
        identify.CopyTo(0, words);
        Assert.That(AtaIdentifyData.Word(words, 0) >> 14, Is.EqualTo(2), "word 0 bits 15:14 = 10: ATAPI");
        Assert.That(AtaIdentifyData.Text(words, 27, 20), Is.EqualTo("ZOS SIMULATED DVD"));

        DmaBuffer into = rig.Allocate(3 * 2048);
        Assert.That(port.ExecutePolled(1, AtaCommand.PacketRead10(5, 3), into.DeviceAddress, 3 * 2048, 100), Is.Null);
        var read = new byte[3 * 2048];
        into.CopyTo(0, read);
        Assert.That(read, Is.EqualTo(drive.Media.AsSpan(5 * 2048, read.Length).ToArray()));
        rig.AssertNoViolations();
    }

    [Test]
    public void IssueAndPollAllocateNothing()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        DmaBuffer data = rig.Allocate(4096);
        SimulatedAhciPort sim = rig.Hba.Port(0);
        sim.DeferFetch = true;
        AtaCommand first = AtaCommand.ReadFpdmaQueued(0, 8), second = AtaCommand.ReadFpdmaQueued(8, 8);
        port.Issue(0, first, data.DeviceAddress, 4096);
        sim.FetchIssued();
        port.Poll();

        long before = GC.GetAllocatedBytesForCurrentThread();
        port.Issue(1, second, data.DeviceAddress, 4096);
        port.Poll();
        long after = GC.GetAllocatedBytesForCurrentThread();
        sim.FetchIssued();
        long beforeReap = GC.GetAllocatedBytesForCurrentThread();
        AhciPollResult result = port.Poll();
        long afterReap = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(result.Completed, Is.EqualTo(2u));
        Assert.That((after - before, afterReap - beforeReap), Is.EqualTo((0L, 0L)), "bytes allocated by Issue+Poll, and by the Poll that reaps");
    }

    [Test]
    public void TheTransferCommandFollowsWhatTheDiskAndHbaSupport()
    {
        var ncq = new AhciHbaCapabilities(0xC0141F05, 0, 1, 0x00010000);
        var noNcq = new AhciHbaCapabilities(0x80141F05, 0, 1, 0x00010000);
        AtaIdentifyData Disk(bool lba48, int depth)
        {
            Assert.That(AtaIdentifyData.Parse(new SimulatedIdentify { Sectors = 100_000, Lba48 = lba48, NcqDepth = depth }.Build(), out var id), Is.Null);
            return id;
        }
        AtaIdentifyData modern = Disk(true, 32), plain = Disk(true, 0), old = Disk(false, 0);

        Assert.That((AtaTransfers.UsesNcq(modern, ncq, true), AtaTransfers.UsesNcq(modern, noNcq, true), AtaTransfers.UsesNcq(plain, ncq, true),
            AtaTransfers.UsesNcq(modern, ncq, false)), Is.EqualTo((true, false, false, false)));
        Assert.That(AtaTransfers.Read(modern, true, 5, 8).Name, Is.EqualTo("READ FPDMA QUEUED"));
        Assert.That(AtaTransfers.Write(plain, false, 5, 8).Name, Is.EqualTo("WRITE DMA EXT"));
        Assert.That(AtaTransfers.Read(old, false, 5, 8).Name, Is.EqualTo("READ DMA"));
        Assert.That((AtaTransfers.MaxSectorsPerCommand(modern), AtaTransfers.MaxSectorsPerCommand(old)), Is.EqualTo((65536, 256)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AtaTransfers.Read(modern, false, 99_999, 2));
        Assert.Throws<InvalidOperationException>(() => AtaTransfers.Read(plain, true, 0, 1));
    }

    [Test]
    public void TheDisksQueueDepthLimitsQueuedCommandsBelowTheHbasSlots()
    {
        var rig = new AhciRig();
        rig.AttachDisk(0);
        AhciPort port = rig.StartPort(0);
        rig.Hba.Port(0).HoldQueuedCompletions = true;
        port.QueueDepth = 2;
        DmaBuffer data = rig.Allocate(2048);
        port.Issue(0, AtaCommand.ReadFpdmaQueued(0, 1), data.DeviceAddress, 512);
        port.Issue(5, AtaCommand.ReadFpdmaQueued(1, 1), data.DeviceAddress + 512, 512);

        Assert.That((port.CanIssue(queued: true), port.FreeSlot()), Is.EqualTo((false, 1)), "slots are free, the depth is not");
        Assert.Throws<InvalidOperationException>(() => port.Issue(1, AtaCommand.ReadFpdmaQueued(2, 1), data.DeviceAddress + 1024, 512));
        rig.Hba.Port(0).CompleteQueued(5);
        Assert.That(port.Poll().Completed, Is.EqualTo(1u << 5));
        Assert.That(port.CanIssue(queued: true), Is.True);
    }
}
