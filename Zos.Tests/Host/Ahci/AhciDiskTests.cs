using Zos.Drivers.Ahci;
using Zos.Hal.Drivers.Block;

namespace Zos.Tests.Host.Ahci;

// The AHCI driver's per-disk request logic (AhciDisk) over the simulated HBA
// and disk: block requests in, ATA commands out, completions back on the
// channel. Data paths (lent and bounce), NCQ, refusals, device errors, hung
// devices and what Describe tells the block service.
public class AhciDiskTests
{
    // ---- data ---------------------------------------------------------------

    [Test]
    public void LentBuffersAreGivenToTheDeviceAsTheyAreWithoutABounceBuffer()
    {
        var rig = new AhciDiskRig();
        rig.Sim.HoldQueuedCompletions = true;
        byte[] written = AhciRig.Pattern(16 * 512, 1);
        BlockDriverRequest write = rig.LentWrite(1, 64, written);

        rig.Submit(write);
        rig.Issue();

        Assert.That(rig.Sim.LastPrdt, Is.EqualTo(new[] { (write.Data.DeviceAddress, written.Length) }), "the device reads the lent buffer itself");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(rig.BounceBufferAddresses.Length), "no bounce buffer taken");
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued.ToArray());
        rig.Step();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.OnDisk(64, 16), Is.EqualTo(written));

        BlockDriverRequest read = rig.LentRead(2, 64, 16);
        rig.Submit(read);
        rig.Issue();

        Assert.That(rig.Sim.LastPrdt, Is.EqualTo(new[] { (read.Data.DeviceAddress, written.Length) }), "the device writes into the lent buffer itself");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(rig.BounceBufferAddresses.Length));
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued.ToArray());
        rig.Step();
        Assert.That(rig.AnswerTo(2).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(read.Buffer, Is.EqualTo(written));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void WithoutALoanDataIsCopiedThroughABounceBufferThatIsGivenBackAfterwards()
    {
        var rig = new AhciDiskRig();
        rig.Sim.HoldQueuedCompletions = true;
        int all = rig.BounceBufferAddresses.Length;
        // The request's bytes sit in the middle of the client's array.
        byte[] client = AhciRig.Pattern(100 + 4096 + 60, 2);

        rig.Submit(AhciDiskRig.Write(1, 200, client, bufferOffset: 100, sectors: 8));
        rig.Issue();

        (ulong address, int bytes) = rig.Sim.LastPrdt.Single();
        Assert.That(rig.BounceBufferAddresses, Does.Contain(address), "the device reads a bounce buffer");
        Assert.That(bytes, Is.EqualTo(4096));
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(all - 1), "one bounce buffer in use while the write is in flight");
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued.ToArray());
        rig.Step();
        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.OnDisk(200, 8), Is.EqualTo(client.AsSpan(100, 4096).ToArray()), "the bytes at the request's offset were copied in");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(all), "given back after the completion");

        BlockDriverRequest read = AhciDiskRig.Read(2, 200, 8, bufferOffset: 100);
        read.Buffer = Enumerable.Repeat((byte)0xEE, 100 + 4096 + 60).ToArray();
        rig.Submit(read);
        rig.Issue();

        Assert.That(rig.BounceBufferAddresses, Does.Contain(rig.Sim.LastPrdt.Single().Address), "the device writes a bounce buffer");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(all - 1));
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued.ToArray());
        rig.Step();
        Assert.That(rig.AnswerTo(2).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(read.Buffer.AsSpan(100, 4096).ToArray(), Is.EqualTo(rig.OnDisk(200, 8)), "copied out at the request's offset");
        Assert.That(read.Buffer.Take(100).Concat(read.Buffer.Skip(100 + 4096)), Is.All.EqualTo((byte)0xEE), "nothing around it touched");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(all));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void OnA4KiBSectorDiskSectorsBecomeWholeLogicalBlocks()
    {
        var rig = new AhciDiskRig(sectors: 1024, sectorBytes: 4096);
        byte[] written = AhciRig.Pattern(16 * 512, 3);

        rig.Submit(AhciDiskRig.Write(1, 16, written));
        rig.RunUntilIdle();
        BlockDriverRequest read = AhciDiskRig.Read(2, 16, 16);
        rig.Submit(read);
        rig.RunUntilIdle();

        // Sector 16 (512-byte units) is block 2; 16 sectors are 2 blocks.
        Assert.That(rig.Disk.Executed, Is.EqualTo(new[] { ((byte)0x61, 2UL, 2), ((byte)0x60, 2UL, 2) }));
        Assert.That(rig.Disk.Data.AsSpan(2 * 4096, 8192).ToArray(), Is.EqualTo(written));
        Assert.That((rig.AnswerTo(1).Status, rig.AnswerTo(2).Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        Assert.That(read.Buffer, Is.EqualTo(written));
        rig.Hardware.AssertNoViolations();
    }

    // ---- NCQ ----------------------------------------------------------------

    [Test]
    public void QueuedRequestsFinishingOutOfOrderAreEachAnsweredOnceWithTheirOwnTag()
    {
        var rig = new AhciDiskRig();
        AhciRig.Pattern(rig.Disk.Data.Length, 4).CopyTo(rig.Disk.Data, 0);
        rig.Sim.HoldQueuedCompletions = true;
        BlockDriverRequest[] reads = Enumerable.Range(0, 12).Select(i => rig.LentRead(100 + i, (ulong)(64 * i), 8)).ToArray();
        foreach (BlockDriverRequest read in reads) rig.Submit(read);

        rig.Issue();

        Assert.That((rig.QueuedOnTheHba, rig.Sim.HeldQueued.Count), Is.EqualTo((12, 12)), "all twelve in flight at once");
        // Which request each slot carries, by the LBA of the command in it.
        Dictionary<int, int> tagInSlot = rig.Sim.HeldQueued.ToDictionary(slot => slot, slot => 100 + (int)(rig.Engine.CommandIn(slot).Lba / 64));
        int[] deviceOrder = { 7, 2, 11, 0, 5, 9, 1, 10, 3, 6, 8, 4 };
        for (int round = 0; round < 4; round++)
        {
            int[] slots = deviceOrder[(3 * round)..(3 * round + 3)];
            rig.Sim.CompleteQueued(slots);
            rig.Step();
            List<BlockDriverCompletion> answers = rig.TakeAnswers();
            Assert.That(answers.Select(answer => answer.Tag), Is.EquivalentTo(slots.Select(slot => tagInSlot[slot])), $"round {round}: what finished");
            Assert.That(answers.Select(answer => answer.Status), Is.All.EqualTo(BlockStatus.Ok));
        }

        Assert.That(rig.Answers.Select(answer => answer.Tag), Is.EquivalentTo(reads.Select(read => read.Tag)), "each answered exactly once");
        foreach (BlockDriverRequest read in reads)
            Assert.That(read.Buffer, Is.EqualTo(rig.OnDisk(read.Sector, 8)), $"tag {read.Tag}'s data");
        Assert.That(rig.Driver.Busy, Is.False);
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void NoMoreQueuedCommandsAreInFlightThanTheDisksQueueDepth()
    {
        var rig = new AhciDiskRig(configure: identify => identify.NcqDepth = 4);
        rig.Sim.HoldQueuedCompletions = true;
        for (int tag = 0; tag < 10; tag++) rig.Submit(rig.LentRead(tag, (ulong)(8 * tag), 8));

        rig.Issue();

        Assert.That((rig.QueuedOnTheHba, rig.Driver.Waiting), Is.EqualTo((4, 6)), "IDENTIFY word 75 says 4");
        for (int left = 10; left > 0; left -= 2)
        {
            rig.Sim.CompleteQueued(rig.Sim.HeldQueued.Take(2).ToArray());
            Assert.That(rig.Reap(), Is.Null);
            rig.Issue();
            Assert.That(rig.QueuedOnTheHba, Is.EqualTo(Math.Min(4, left - 2)), $"{left - 2} not yet answered");
        }
        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)),
            Is.EqualTo(Enumerable.Range(0, 10).Select(tag => (tag, BlockStatus.Ok))));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void AFlushWaitsForQueuedCommandsToDrainThenGoesAloneAndNonQueued()
    {
        var rig = new AhciDiskRig();
        rig.Sim.HoldQueuedCompletions = true;
        rig.Submit(rig.LentWrite(1, 0, AhciRig.Pattern(4096, 1)));
        rig.Submit(rig.LentWrite(2, 8, AhciRig.Pattern(4096, 2)));
        rig.Submit(AhciDiskRig.Flush(3));
        rig.Submit(rig.LentRead(4, 0, 8));

        rig.Issue();

        Assert.That(rig.Sim.Fetched.Select(fetched => fetched.Command), Is.EqualTo(new byte[] { 0x61, 0x61 }),
            "the flush waits, and the read behind it does not overtake it");
        Assert.That(rig.Driver.Waiting, Is.EqualTo(2));
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued[0]);
        rig.Step();
        Assert.That((rig.Sim.Fetched.Count, rig.Disk.Flushes), Is.EqualTo((2, 0)), "one write is still queued on the device");

        rig.Sim.CompleteQueued(rig.Sim.HeldQueued[0]);
        Assert.That(rig.Reap(), Is.Null);
        rig.Issue();

        Assert.That(rig.Sim.Fetched.Select(fetched => fetched.Command), Is.EqualTo(new byte[] { 0x61, 0x61, 0xEA }));
        Assert.That((rig.Engine.BusySlots != 0, rig.Engine.QueuedSlots, rig.Sim.SataActive), Is.EqualTo((true, 0u, 0u)),
            "the flush is in flight as a non-queued command");
        Assert.That(rig.Driver.Waiting, Is.EqualTo(1), "the read waits for the flush");
        Assert.That(rig.Disk.Flushes, Is.EqualTo(1));
        Assert.That(rig.Reap(), Is.Null);
        rig.Issue();
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued.ToArray());
        Assert.That(rig.Reap(), Is.Null);

        Assert.That(rig.Sim.Fetched.Select(fetched => fetched.Command), Is.EqualTo(new byte[] { 0x61, 0x61, 0xEA, 0x60 }));
        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)),
            Is.EqualTo(new[] { (1, BlockStatus.Ok), (2, BlockStatus.Ok), (3, BlockStatus.Ok), (4, BlockStatus.Ok) }));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void RequestsGoToTheDeviceInTheOrderTheyArrived()
    {
        var rig = new AhciDiskRig(configure: identify => identify.NcqDepth = 2);
        ulong[] sectors = { 800, 16, 400, 1200, 8, 96, 640, 24 };
        for (int tag = 0; tag < sectors.Length; tag++)
            rig.Submit(tag % 2 == 0 ? rig.LentRead(tag, sectors[tag], 8) : rig.LentWrite(tag, sectors[tag], AhciRig.Pattern(4096, tag)));

        rig.RunUntilIdle();

        Assert.That(rig.Disk.Executed, Is.EqualTo(sectors.Select((sector, tag) => ((byte)(tag % 2 == 0 ? 0x60 : 0x61), sector, 8))));
        Assert.That(rig.TakeAnswers().Select(answer => answer.Status), Is.All.EqualTo(BlockStatus.Ok));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void ARequestWaitingForABounceBufferIsNotOvertakenByALentOne()
    {
        var rig = new AhciDiskRig(bounceBuffers: 2);
        rig.Sim.HoldQueuedCompletions = true;
        for (int tag = 1; tag <= 3; tag++) rig.Submit(AhciDiskRig.Read(tag, (ulong)(8 * tag), 8));
        rig.Submit(rig.LentRead(4, 64, 8));

        rig.Issue();

        Assert.That((rig.Sim.Fetched.Count, rig.Driver.Waiting, rig.FreeBounceBuffers()), Is.EqualTo((2, 2, 0)),
            "the third read waits for a bounce buffer, the lent read behind it waits too");
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued[0]);
        Assert.That(rig.Reap(), Is.Null);
        rig.Issue();
        Assert.That((rig.Sim.Fetched.Count, rig.Driver.Waiting, rig.FreeBounceBuffers()), Is.EqualTo((4, 0, 0)), "a buffer came back: both went");
        rig.Sim.CompleteQueued(rig.Sim.HeldQueued.ToArray());
        rig.Step();

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)),
            Is.EquivalentTo(new[] { (1, BlockStatus.Ok), (2, BlockStatus.Ok), (3, BlockStatus.Ok), (4, BlockStatus.Ok) }));
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(2));
    }

    // ---- refusals and answers without the device ----------------------------

    [Test]
    public void ARequestBeyondTheDiskIsRefusedAtOnce()
    {
        var rig = new AhciDiskRig(sectors: 16384);

        AssertRefused(rig, AhciDiskRig.Read(1, 16380, 8), BlockStatus.OutOfRange, "read of 8 sectors at 16380: beyond the disk's 16384 sectors");
        AssertRefused(rig, rig.LentWrite(2, 16384, new byte[512]), BlockStatus.OutOfRange, "write of 1 sectors at 16384: beyond the disk's 16384 sectors");
    }

    [Test]
    public void OnA4KiBSectorDiskARequestOfPartBlocksIsRefused()
    {
        var rig = new AhciDiskRig(sectors: 1024, sectorBytes: 4096);

        AssertRefused(rig, AhciDiskRig.Read(1, 4, 8), BlockStatus.OutOfRange, "read of 8 sectors at 4: not whole 4096-byte blocks");
        AssertRefused(rig, AhciDiskRig.Write(2, 8, new byte[2048]), BlockStatus.OutOfRange, "write of 4 sectors at 8: not whole 4096-byte blocks");
        AssertRefused(rig, AhciDiskRig.Read(3, 8184, 16), BlockStatus.OutOfRange, "read of 16 sectors at 8184: beyond the disk's 8192 sectors");
    }

    [Test]
    public void ALentBufferOfAnotherLengthThanTheRequestIsRefused()
    {
        var rig = new AhciDiskRig();
        BlockDriverRequest write = rig.LentWrite(1, 0, new byte[4096]);
        write.Sectors = 4;

        AssertRefused(rig, write, BlockStatus.OutOfRange, "write of 4 sectors at 0: the lent buffer holds 4096 bytes");
    }

    [Test]
    public void ACopiedRequestLargerThanTheBounceBuffersIsRefusedButALentOneOfThatSizeGoes()
    {
        var rig = new AhciDiskRig(bounceBytes: 64 * 1024);

        AssertRefused(rig, AhciDiskRig.Read(1, 0, 129), BlockStatus.OutOfRange, "read of 129 sectors at 0: larger than the driver's copy buffers");

        rig.Submit(rig.LentRead(2, 0, 129));
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(2).Status, Is.EqualTo(BlockStatus.Ok));
    }

    [Test]
    public void ARequestOfNoSectorsIsRefused()
    {
        var rig = new AhciDiskRig();

        AssertRefused(rig, AhciDiskRig.Read(1, 0, 0), BlockStatus.OutOfRange, "read of 0 sectors at 0: no data");
    }

    [Test]
    public void ARequestLargerThanOneCommandCarriesIsRefused()
    {
        // A 28-bit disk: READ DMA moves at most 256 sectors (ACS-3 7.21).
        var rig = new AhciDiskRig(configure: identify =>
        {
            identify.Lba48 = false;
            identify.NcqDepth = 0;
        });

        AssertRefused(rig, rig.LentRead(1, 0, 257), BlockStatus.OutOfRange, "read of 257 sectors at 0: more than one command carries");

        rig.Submit(rig.LentRead(2, 0, 256));
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(2).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.Disk.Executed, Is.EqualTo(new[] { ((byte)0xC8, 0UL, 256) }), "READ DMA, count 0 meaning 256");
    }

    [Test]
    public void AnOperationTheDiskDoesNotDoIsRefusedAsUnsupported()
    {
        var rig = new AhciDiskRig();
        var request = new BlockDriverRequest { Tag = 1, Operation = (BlockOperation)42, Unit = AhciDiskRig.Port, Sectors = 1, Buffer = new byte[512] };

        AssertRefused(rig, request, BlockStatus.Unsupported, "port 0 does not do operation 42");
    }

    [TestCase(BlockOperation.WriteZeroes, "port 0: this driver does not do write zeroes")]
    [TestCase(BlockOperation.Discard, "port 0: this driver does not do discard")]
    public void ZeroingAndDiscardsAreRefusedAsUnsupportedWithoutACommand(BlockOperation operation, string error)
    {
        var rig = new AhciDiskRig();
        var request = new BlockDriverRequest { Tag = 1, Operation = operation, Unit = AhciDiskRig.Port, Sector = 8, Sectors = 8 };

        AssertRefused(rig, request, BlockStatus.Unsupported, error);
    }

    [TestCase("WD-WX31A", "WD-WX31A\0\0\0\0\0\0\0\0\0\0\0\0")]
    [TestCase("ABCDEFGHIJKLMNOPQRST", "ABCDEFGHIJKLMNOPQRST")]
    public void GetIdGivesTheSerialInTwentyBytesNulPadded(string serial, string expected)
    {
        var rig = new AhciDiskRig(configure: identify => identify.Serial = serial);
        byte[] buffer = Enumerable.Repeat((byte)0xCC, 30).ToArray();

        rig.Submit(AhciDiskRig.GetId(1, buffer, 5));

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)), Is.EqualTo(new[] { (1, BlockStatus.Ok) }), "answered at once");
        Assert.That(buffer.AsSpan(5, BlockDeviceId.Bytes).ToArray(), Is.EqualTo(expected.Select(c => (byte)c).ToArray()));
        Assert.That(buffer.Take(5).Concat(buffer.Skip(25)), Is.All.EqualTo((byte)0xCC), "nothing outside the 20 bytes");
        Assert.That(BlockDeviceId.Decode(buffer.AsSpan(5, BlockDeviceId.Bytes)), Is.EqualTo(serial));
        Assert.That((rig.Driver.Busy, rig.Sim.Fetched.Count), Is.EqualTo((false, 0)), "the disk was not asked");
    }

    [Test]
    public void AFlushOnADiskWithoutAWriteCacheCompletesAtOnce()
    {
        var rig = new AhciDiskRig(configure: identify => identify.WriteCacheEnabled = false);

        rig.Submit(AhciDiskRig.Flush(1));

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)), Is.EqualTo(new[] { (1, BlockStatus.Ok) }));
        Assert.That(rig.Driver.Busy, Is.False);
        rig.Step();
        Assert.That((rig.Sim.Fetched.Count, rig.Disk.Flushes), Is.EqualTo((0, 0)), "nothing to flush: writes go through");
    }

    // ---- device errors ------------------------------------------------------

    [Test]
    public void ADeviceErrorFailsOnlyItsRequestNamingTheCommandAndLbaAndTheOthersAreRetried()
    {
        // Without NCQ: the three reads sit in PxCI together and the HBA names the failing slot in PxCMD.CCS.
        var rig = new AhciDiskRig(configure: identify => identify.NcqDepth = 0);
        AhciRig.Pattern(rig.Disk.Data.Length, 5).CopyTo(rig.Disk.Data, 0);
        rig.Disk.FailingLbas.Add(104);
        BlockDriverRequest[] reads = { AhciDiskRig.Read(1, 0, 8), AhciDiskRig.Read(2, 100, 8), AhciDiskRig.Read(3, 200, 8) };
        foreach (BlockDriverRequest read in reads) rig.Submit(read);

        rig.RunUntilIdle();

        BlockDriverCompletion failed = rig.AnswerTo(2);
        Assert.That(failed.Status, Is.EqualTo(BlockStatus.IoError));
        Assert.That(failed.Error, Does.StartWith("port 0: READ DMA EXT (slot ").And.Contains("LBA 100, 8 blocks) failed: device error")
            .And.Contains("error 0x40 (UNC), device reports LBA 104"));
        Assert.That((rig.AnswerTo(1).Status, rig.AnswerTo(3).Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        Assert.That(reads[0].Buffer, Is.EqualTo(rig.OnDisk(0, 8)));
        Assert.That(reads[2].Buffer, Is.EqualTo(rig.OnDisk(200, 8)), "the read behind the failing one was issued again");
        Assert.That(rig.Disk.Executed.Count(command => command.Lba == 100), Is.EqualTo(1), "a media error is not retried");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(rig.BounceBufferAddresses.Length), "every bounce buffer back, the failed read's too");
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void AnNcqErrorWithSeveralInFlightIsNarrowedDownNonQueuedSoOnlyTheBadRequestFails()
    {
        var rig = new AhciDiskRig();
        AhciRig.Pattern(rig.Disk.Data.Length, 6).CopyTo(rig.Disk.Data, 0);
        rig.Disk.FailingLbas.Add(20);
        rig.Sim.HoldQueuedCompletions = true;
        BlockDriverRequest[] reads = Enumerable.Range(0, 4).Select(i => AhciDiskRig.Read(1 + i, (ulong)(16 * i), 8)).ToArray();
        foreach (BlockDriverRequest read in reads) rig.Submit(read);
        rig.Issue();
        Assert.That(rig.QueuedOnTheHba, Is.EqualTo(4));

        // The first finishes, the second fails while three are queued: the Set Device Bits FIS names no command.
        rig.Sim.CompleteQueued(HeldSlotReading(rig, 0), HeldSlotReading(rig, 16));
        rig.Sim.HoldQueuedCompletions = false;
        int executedBefore = rig.Disk.Executed.Count;
        Assert.That(rig.Reap(), Is.Null);

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)), Is.EqualTo(new[] { (1, BlockStatus.Ok) }), "only what finished");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(rig.BounceBufferAddresses.Length), "the retried reads gave their buffers back");
        rig.RunUntilIdle();

        BlockDriverCompletion failed = rig.AnswerTo(2);
        Assert.That(failed.Status, Is.EqualTo(BlockStatus.IoError));
        Assert.That(failed.Error, Does.StartWith("port 0: READ DMA EXT (slot ").And.Contains("LBA 16, 8 blocks) failed: device error")
            .And.Contains("device reports LBA 20"), "found by a non-queued retry, which the HBA can name");
        Assert.That((rig.AnswerTo(3).Status, rig.AnswerTo(4).Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        foreach (BlockDriverRequest read in reads.Where(read => read.Tag != 2))
            Assert.That(read.Buffer, Is.EqualTo(rig.OnDisk(read.Sector, 8)), $"tag {read.Tag}'s data");
        Assert.That(rig.Disk.Executed.Skip(executedBefore), Is.EqualTo(new[] { ((byte)0x25, 16UL, 8), ((byte)0x25, 32UL, 8), ((byte)0x25, 48UL, 8) }),
            "the retries went non-queued, the bad one once");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(rig.BounceBufferAddresses.Length));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void SeveralBadRequestsAmongQueuedOnesEachFailAloneAndTheGoodOnesAreNotGivenUp()
    {
        var rig = new AhciDiskRig(bounceBuffers: 6);
        AhciRig.Pattern(rig.Disk.Data.Length, 7).CopyTo(rig.Disk.Data, 0);
        rig.Disk.FailingLbas.UnionWith(new ulong[] { 20, 36, 52 });
        rig.Sim.HoldQueuedCompletions = true;
        BlockDriverRequest[] reads = Enumerable.Range(0, 6).Select(i => AhciDiskRig.Read(1 + i, (ulong)(16 * i), 8)).ToArray();
        foreach (BlockDriverRequest read in reads) rig.Submit(read);
        rig.Issue();
        rig.Sim.CompleteQueued(HeldSlotReading(rig, 0), HeldSlotReading(rig, 16));
        rig.Sim.HoldQueuedCompletions = false;

        rig.RunUntilIdle();

        // Tags 2, 3 and 4 cover LBAs 20, 36 and 52; tags 1, 5 and 6 nothing bad.
        for (int tag = 2; tag <= 4; tag++)
        {
            BlockDriverCompletion failed = rig.AnswerTo(tag);
            Assert.That(failed.Status, Is.EqualTo(BlockStatus.IoError), $"tag {tag}");
            Assert.That(failed.Error, Does.Contain($"LBA {16 * (tag - 1)}, 8 blocks) failed: device error").And.Contains($"device reports LBA {16 * (tag - 1) + 4}"),
                $"tag {tag} fails with its own error");
        }
        foreach (int tag in new[] { 1, 5, 6 })
        {
            BlockDriverCompletion answer = rig.AnswerTo(tag);
            Assert.That(answer.Status, Is.EqualTo(BlockStatus.Ok), $"tag {tag}: {answer.Error}");
            Assert.That(reads[tag - 1].Buffer, Is.EqualTo(rig.OnDisk(reads[tag - 1].Sector, 8)), $"tag {tag}'s data");
        }
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(6));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void WithoutNcqAGoodRequestBehindSeveralBadOnesIsNotChargedForTheirFailures()
    {
        // Each failure stops the HBA before it reaches the requests behind: they never ran, so they keep all their tries.
        var rig = new AhciDiskRig(configure: identify => identify.NcqDepth = 0);
        rig.Disk.FailingLbas.UnionWith(new ulong[] { 0, 8, 16 });
        for (int tag = 0; tag < 4; tag++) rig.Submit(AhciDiskRig.Read(tag, (ulong)(8 * tag), 8));

        rig.RunUntilIdle();

        for (int tag = 0; tag < 3; tag++)
            Assert.That(rig.AnswerTo(tag).Error, Does.Contain($"LBA {8 * tag}, 8 blocks) failed: device error"), $"tag {tag} fails with its own error");
        BlockDriverCompletion good = rig.AnswerTo(3);
        Assert.That(good.Status, Is.EqualTo(BlockStatus.Ok), good.Error);
        rig.Hardware.AssertNoViolations();
    }

    // ---- hung devices -------------------------------------------------------

    [TestCase(32)]
    [TestCase(0)]
    public void ACommandPastTheTimeoutIsRecoveredAndIssuedAgain(int ncqDepth)
    {
        var rig = new AhciDiskRig(configure: identify => identify.NcqDepth = ncqDepth);
        rig.Sim.DeviceHangs = true;
        byte[] written = AhciRig.Pattern(4096, 8);
        rig.Now = 1000;
        rig.Submit(AhciDiskRig.Write(1, 40, written));
        rig.Step();

        rig.Now = 1000 + AhciDisk.CommandTimeoutMilliseconds - 1;
        rig.Step();
        Assert.That((rig.TakeAnswers().Count, rig.Sim.Fetched.Count, rig.Engine.BusySlots != 0), Is.EqualTo((0, 1, true)), "not yet late");

        rig.Sim.DeviceHangs = false;
        rig.Now = 1000 + AhciDisk.CommandTimeoutMilliseconds;
        Assert.That(rig.Reap(), Is.Null);
        Assert.That((rig.Engine.BusySlots, rig.Driver.Waiting), Is.EqualTo((0u, 1)), "recovered, and the write waits to go again");
        rig.RunUntilIdle();

        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.OnDisk(40, 8), Is.EqualTo(written));
        Assert.That(rig.Sim.Fetched.Count, Is.EqualTo(2), "issued twice");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(rig.BounceBufferAddresses.Length));
        rig.Hardware.AssertNoViolations();
    }

    [TestCase(32)]
    [TestCase(0)]
    public void ACommandTheDeviceNeverAnswersIsGivenUpAfterThreeTries(int ncqDepth)
    {
        var rig = new AhciDiskRig(configure: identify => identify.NcqDepth = ncqDepth);
        rig.Sim.DeviceHangs = true;
        rig.Submit(AhciDiskRig.Read(7, 0, 8));

        for (int attempt = 1; attempt <= 3; attempt++)
        {
            rig.Issue();
            Assert.That((rig.Sim.Fetched.Count, rig.TakeAnswers().Count), Is.EqualTo((attempt, 0)), $"try {attempt} in flight");
            rig.Now += AhciDisk.CommandTimeoutMilliseconds;
            Assert.That(rig.Reap(), Is.Null, "the port itself recovers");
        }

        BlockDriverCompletion answer = rig.AnswerTo(7);
        Assert.That((answer.Status, answer.Error), Is.EqualTo((BlockStatus.IoError, "port 0: given up after 3 tries: no completion within 4000 ms")));
        Assert.That((rig.Driver.Busy, rig.FreeBounceBuffers()), Is.EqualTo((false, rig.BounceBufferAddresses.Length)));

        rig.Sim.DeviceHangs = false;
        rig.Submit(AhciDiskRig.Read(8, 0, 8));
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(8).Status, Is.EqualTo(BlockStatus.Ok), "the port works again");
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void ReapSaysWhyWhenThePortCannotBeRecovered()
    {
        var rig = new AhciDiskRig();
        rig.Disk.FailingLbas.Add(3);
        rig.Sim.CommandListStopMilliseconds = -1;   // PxCMD.CR never clears: only an HBA reset is left
        rig.Submit(AhciDiskRig.Read(1, 0, 8));
        rig.Issue();

        string? problem = rig.Reap();

        Assert.That(problem, Does.StartWith("port 0 did not stop: PxCMD.CR still set 500 ms after ST was cleared").And.EndWith("(an HBA reset is left)"));
        BlockDriverCompletion failed = rig.AnswerTo(1);
        Assert.That(failed.Status, Is.EqualTo(BlockStatus.IoError));
        Assert.That(failed.Error, Does.StartWith("port 0: READ FPDMA QUEUED (slot 0, LBA 0, 8 blocks) failed: device error"),
            "the failing request is still answered");
    }

    [Test]
    public void ReapSaysWhyWhenATimedOutPortCannotBeRecovered()
    {
        var rig = new AhciDiskRig();
        rig.Sim.DeviceHangs = true;
        rig.Sim.CommandListStopMilliseconds = -1;
        rig.Submit(AhciDiskRig.Read(1, 0, 8));
        rig.Step();

        rig.Now += AhciDisk.CommandTimeoutMilliseconds;
        string? problem = rig.Reap();

        Assert.That(problem, Does.StartWith("port 0 did not stop").And.EndWith("(an HBA reset is left)"));
        Assert.That((rig.TakeAnswers().Count, rig.Driver.Waiting), Is.EqualTo((0, 1)), "the read waits for the next incarnation");
    }

    // ---- Describe -----------------------------------------------------------

    [TestCase(512, 3, 16384UL, 16384UL, "write-cache physical_block=4096")]
    [TestCase(4096, 0, 2048UL, 16384UL, "write-cache physical_block=4096")]
    public void DescribeCountsIn512ByteSectorsWhateverTheDisksSectors(int sectorBytes, int logicalPerPhysicalLog2, ulong diskSectors,
        ulong expectedSectors, string features)
    {
        var rig = new AhciDiskRig(sectors: diskSectors, sectorBytes: sectorBytes, configure: identify =>
        {
            identify.Model = "ZOS DESCRIBED DISK";
            identify.Serial = "DSC-42";
            identify.NcqDepth = 16;
            identify.LogicalPerPhysicalLog2 = logicalPerPhysicalLog2;
        });

        BlockDeviceInfo info = rig.Driver.Describe("msi", 64 * 1024, 1024 * 1024);

        Assert.That((info.Sectors, info.LogicalBlockSize, info.HasFlush), Is.EqualTo((expectedSectors, sectorBytes, true)));
        Assert.That((info.MaxSectorsPerRequest, info.MaxSectorsPerLentRequest), Is.EqualTo((128, 2048)), "the buffers' limits, in 512-byte sectors");
        Assert.That((info.QueueDepth, info.Transport), Is.EqualTo((16, "ahci port 0 ncq 16 msi")));
        Assert.That((info.Model, info.Serial, info.Features), Is.EqualTo(("ZOS DESCRIBED DISK", "DSC-42", features)));
    }

    [Test]
    public void DescribeAnOldDiskWithoutNcqOrWriteCache()
    {
        var rig = new AhciDiskRig(sectors: 4096, configure: identify =>
        {
            identify.Lba48 = false;
            identify.NcqDepth = 0;
            identify.WriteCacheEnabled = false;
            identify.Trim = true;
        });

        BlockDeviceInfo info = rig.Driver.Describe("intx", 1024 * 1024, 1024 * 1024);

        Assert.That((info.Sectors, info.HasFlush, info.QueueDepth), Is.EqualTo((4096UL, false, 1)));
        Assert.That((info.MaxSectorsPerRequest, info.MaxSectorsPerLentRequest), Is.EqualTo((256, 256)), "one 28-bit READ DMA carries 256 sectors");
        Assert.That((info.Transport, info.Features), Is.EqualTo(("ahci port 0 dma intx", "write-through trim physical_block=512")));
    }

    private static void AssertRefused(AhciDiskRig rig, BlockDriverRequest request, BlockStatus status, string reason)
    {
        int fetched = rig.Sim.Fetched.Count;
        rig.Submit(request);

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status, answer.Error)), Is.EqualTo(new[] { (request.Tag, status, reason) }),
            "answered at once");
        rig.Step();
        Assert.That((rig.Driver.Busy, rig.Sim.Fetched.Count), Is.EqualTo((false, fetched)), "the disk was not asked");
    }

    private static int HeldSlotReading(AhciDiskRig rig, ulong lba) => rig.Sim.HeldQueued.Single(slot => rig.Engine.CommandIn(slot).Lba == lba);
}
