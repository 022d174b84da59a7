using Zos.Drivers.Nvme;
using Zos.Hal.Drivers.Block;

namespace Zos.Tests.Host.Nvme;

// NvmeRequests and NvmeNamespace against the simulated controller: data
// paths (lent and bounce, PRPs), deep queues, flush order, zeroing and
// deallocation, namespaces, refusals, device errors and retries.
public class NvmeRequestsTests
{
    private const int Sector = BlockDeviceInfo.SectorSize;

    [Test]
    public void ALentReadGoesStraightIntoTheClientsMemory()
    {
        var rig = new NvmeRequestsRig();
        byte[] data = NvmeRig.Pattern(16 * Sector, 1);
        data.CopyTo(rig.Sim.Namespaces[1].Data, 8 * Sector);
        BlockDriverRequest read = rig.LentRead(1, 8, 16);

        rig.Submit(read);
        rig.RunUntilIdle();

        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(read.Buffer, Is.EqualTo(data));
        SimulatedNvmeCommand command = rig.IoFetched.Single();
        Assert.That((command.Opcode, command.NamespaceId, command.StartLba, command.Blocks), Is.EqualTo(((byte)0x02, 1u, 8UL, 16)));
        Assert.That(command.Prp1, Is.EqualTo(read.Data.DeviceAddress), "PRP1 is the loan itself");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(4), "no bounce buffer was taken");
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void AReadWithoutALoanIsCopiedThroughABounceBufferThatComesBack()
    {
        var rig = new NvmeRequestsRig();
        byte[] data = NvmeRig.Pattern(8 * Sector, 2);
        data.CopyTo(rig.Sim.Namespaces[1].Data, 0);
        BlockDriverRequest read = NvmeRequestsRig.Read(1, 0, 8, bufferOffset: 3);

        rig.Submit(read);
        rig.RunUntilIdle();

        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(read.Buffer.Skip(3), Is.EqualTo(data), "copied to the request's offset");
        Assert.That(rig.BounceBufferAddresses, Does.Contain(rig.IoFetched.Single().Prp1));
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(4));
    }

    [Test]
    public void RequestsWithoutALoanWaitForAFreeBounceBuffer()
    {
        var rig = new NvmeRequestsRig(bounceBuffers: 2);
        rig.Sim.HoldIo = true;
        byte[] data = NvmeRig.Pattern(24 * Sector, 8);
        data.CopyTo(rig.Sim.Namespaces[1].Data, 0);
        List<BlockDriverRequest> reads = Enumerable.Range(0, 3).Select(i => NvmeRequestsRig.Read(i, (ulong)(8 * i), 8)).ToList();
        foreach (BlockDriverRequest read in reads) rig.Submit(read);

        rig.Issue();
        Assert.That((rig.Requests.InFlight, rig.Requests.Waiting), Is.EqualTo((2, 1)), "two copy buffers, two commands");
        rig.Sim.HoldIo = false;
        rig.Sim.CompleteHeld();
        rig.RunUntilIdle();

        for (int i = 0; i < 3; i++) Assert.That(reads[i].Buffer, Is.EqualTo(data.Skip(8 * i * Sector).Take(8 * Sector)), $"read {i}");
        Assert.That(rig.FreeBounceBuffers(), Is.EqualTo(2));
    }

    [Test]
    public void ALoanThatIsNotDwordAlignedIsCopiedThroughABounceBuffer()
    {
        var rig = new NvmeRequestsRig();
        byte[] buffer = new byte[2 + 4 * Sector];
        NvmeRig.Pattern(4 * Sector, 3).CopyTo(buffer, 2);
        BlockDriverRequest write = rig.LentWrite(1, 40, buffer, bufferOffset: 2);

        rig.Submit(write);
        rig.RunUntilIdle();

        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.BounceBufferAddresses, Does.Contain(rig.IoFetched.Single().Prp1), "PRP1 must be dword aligned (4.3)");
        Assert.That(rig.OnDisk(1, 40, 4), Is.EqualTo(buffer.Skip(2)));
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void ALargeLentWriteIsDescribedByAPrpListInItsSlotsPage()
    {
        var rig = new NvmeRequestsRig();
        byte[] buffer = new byte[Sector + 512 * Sector];
        NvmeRig.Pattern(512 * Sector, 4).CopyTo(buffer, Sector);
        BlockDriverRequest write = rig.LentWrite(1, 1024, buffer, bufferOffset: Sector);

        rig.Submit(write);
        rig.RunUntilIdle();

        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        SimulatedNvmeCommand command = rig.IoFetched.Single();
        Assert.That(command.Prp2, Is.EqualTo(rig.Pages.Address(command.CommandId & 0xFF)), "PRP2 points at the slot's list page");
        Assert.That(rig.OnDisk(1, 1024, 512), Is.EqualTo(buffer.Skip(Sector)), "every page of 256 KiB, the unaligned first one too");
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void ManyRequestsGoInFlightAtOnceWithOneDoorbellWrite()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.HoldIo = true;
        // One client buffer, each request lent its own slice (as the block service lends parts).
        byte[] client = new byte[200 * 8 * Sector];
        List<BlockDriverRequest> reads = Enumerable.Range(0, 200).Select(i => rig.LentSlice(i, BlockOperation.Read, (ulong)(8 * i), 8, client, i * 8 * Sector))
            .ToList();
        foreach (BlockDriverRequest read in reads) rig.Submit(read);

        rig.Issue();

        Assert.That((rig.Sim.Held.Count, rig.Requests.InFlight), Is.EqualTo((200, 200)), "a deep queue: all of them in flight");
        Assert.That(rig.Sim.SubmissionDoorbellWrites[1], Is.EqualTo(1), "one tail doorbell write for the batch");
        rig.Sim.CompleteHeld();
        rig.RunUntilIdle();
        rig.TakeAnswers();
        Assert.That(rig.Answers.Select(answer => answer.Tag), Is.EquivalentTo(Enumerable.Range(0, 200)), "each answered once");
        Assert.That(rig.Answers.Select(answer => answer.Status), Is.All.EqualTo(BlockStatus.Ok));
    }

    [Test]
    public void MoreRequestsThanTheQueueHoldsWaitTheirTurnInOrder()
    {
        var rig = new NvmeRequestsRig(ioEntries: 8);
        rig.Sim.HoldIo = true;
        for (int i = 0; i < 10; i++) rig.Submit(rig.LentRead(i, (ulong)(8 * i), 8));

        rig.Issue();
        Assert.That((rig.Sim.Held.Count, rig.Requests.Waiting), Is.EqualTo((7, 3)), "8 entries hold 7 commands (4.1.2)");
        rig.Sim.HoldIo = false;
        rig.Sim.CompleteHeld();
        rig.RunUntilIdle();

        Assert.That(rig.IoFetched.Select(command => command.StartLba), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (ulong)(8 * i))));
        Assert.That(rig.TakeAnswers(), Has.Count.EqualTo(10));
    }

    [Test]
    public void AFlushIsIssuedOnlyWhenEverythingBeforeItHasCompleted()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.HoldIo = true;
        rig.Submit(rig.LentWrite(1, 0, NvmeRig.Pattern(8 * Sector, 1)));
        rig.Submit(NvmeRequestsRig.Dataless(2, BlockOperation.Flush));
        rig.Submit(rig.LentWrite(3, 8, NvmeRig.Pattern(8 * Sector, 3)));

        rig.Issue();
        Assert.That(rig.IoFetched.Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x01 }), "the flush waits for the write before it");
        rig.Sim.CompleteHeld();
        rig.Step();
        rig.Step();

        Assert.That(rig.IoFetched.Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x01, 0x00, 0x01 }));
        rig.Sim.CompleteHeld();
        rig.RunUntilIdle();
        Assert.That(rig.AnswerTo(2).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.Sim.Namespaces[1].Flushes, Is.EqualTo(1));
    }

    [Test]
    public void AFlushIsAnsweredAtOnceWithoutAVolatileWriteCache()
    {
        var rig = new NvmeRequestsRig(sim => sim.VolatileWriteCache = false);

        rig.Submit(NvmeRequestsRig.Dataless(1, BlockOperation.Flush));

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status)), Is.EqualTo(new[] { (1, BlockStatus.Ok) }));
        rig.Step();
        Assert.That(rig.IoFetched, Is.Empty, "nothing to write back");
    }

    [Test]
    public void WriteZeroesAndDeallocationReachTheNamespaceAndClearItsBlocks()
    {
        var rig = new NvmeRequestsRig();
        SimulatedNvmeNamespace space = rig.Sim.Namespaces[1];
        NvmeRig.Pattern(64 * Sector, 5).CopyTo(space.Data, 0);

        rig.Submit(NvmeRequestsRig.Dataless(1, BlockOperation.WriteZeroes, 8, 8));
        rig.Submit(NvmeRequestsRig.Dataless(2, BlockOperation.Discard, 32, 16));
        rig.RunUntilIdle();

        Assert.That((rig.AnswerTo(1).Status, rig.AnswerTo(2).Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        Assert.That((space.Zeroed.Single(), space.Deallocated.Single()), Is.EqualTo(((8UL, 8), (32UL, 16))));
        SimulatedNvmeCommand deallocate = rig.IoFetched[1];
        Assert.That((deallocate.Opcode, deallocate.Dword10, deallocate.Dword11), Is.EqualTo(((byte)0x09, 0u, 4u)), "one range, AD set");
        Assert.That(space.Data.Skip(8 * Sector).Take(8 * Sector), Is.All.EqualTo(0));
        Assert.That(space.Data.Skip(16 * Sector).Take(16 * Sector), Is.EqualTo(NvmeRig.Pattern(64 * Sector, 5).Skip(16 * Sector).Take(16 * Sector)),
            "between the two nothing changed");
        rig.Hardware.AssertNoViolations();
    }

    [Test]
    public void WithoutOncsSupportZeroingAndDeallocationAreRefusedAsUnsupported()
    {
        var rig = new NvmeRequestsRig(sim => sim.OptionalCommands = 0);

        AssertRefused(rig, NvmeRequestsRig.Dataless(1, BlockOperation.WriteZeroes, 0, 8), BlockStatus.Unsupported,
            "namespace 1 does not do Write Zeroes (ONCS bit 3 is clear)");
        AssertRefused(rig, NvmeRequestsRig.Dataless(2, BlockOperation.Discard, 0, 8), BlockStatus.Unsupported,
            "namespace 1 does not deallocate (ONCS bit 2, Dataset Management, is clear)");
    }

    [Test]
    public void EachNamespaceIsAddressedByItsOwnId()
    {
        var rig = new NvmeRequestsRig(sim =>
        {
            sim.AddNamespace(1, 1000);
            sim.AddNamespace(2, 2000);
        });
        byte[] data = NvmeRig.Pattern(8 * Sector, 6);

        rig.Submit(rig.LentWrite(1, 16, data, unit: 2));
        rig.RunUntilIdle();

        Assert.That(rig.IoFetched.Single().NamespaceId, Is.EqualTo(2u));
        Assert.That(rig.OnDisk(2, 16, 8), Is.EqualTo(data));
        Assert.That(rig.Sim.Namespaces[1].Data, Is.All.EqualTo(0), "namespace 1 untouched");
    }

    [Test]
    public void ANamespaceWith4KiBBlocksIsAddressedInItsBlocksAndTakesWholeOnesOnly()
    {
        var rig = new NvmeRequestsRig(sim => sim.AddNamespace(1, 100, blockBytes: 4096));
        byte[] data = NvmeRig.Pattern(16 * Sector, 7);

        rig.Submit(rig.LentWrite(1, 8, data));
        rig.RunUntilIdle();

        SimulatedNvmeCommand command = rig.IoFetched.Single();
        Assert.That((command.StartLba, command.Blocks), Is.EqualTo((1UL, 2)), "sectors 8-23 are blocks 1-2");
        Assert.That(rig.OnDisk(1, 8, 16), Is.EqualTo(data));
        Assert.That(rig.TakeAnswers().Single().Status, Is.EqualTo(BlockStatus.Ok));
        AssertRefused(rig, rig.LentRead(2, 4, 8), BlockStatus.OutOfRange, "read of 8 sectors at 4: not whole 4096-byte blocks");
    }

    [Test]
    public void RequestsBeyondTheNamespaceOrWhatOneCommandCarriesAreRefused()
    {
        var rig = new NvmeRequestsRig();

        AssertRefused(rig, rig.LentRead(1, 16380, 8), BlockStatus.OutOfRange, "read of 8 sectors at 16380: beyond namespace 1's 16384 sectors");
        AssertRefused(rig, rig.LentRead(2, 0, 1032), BlockStatus.OutOfRange, "read of 1032 sectors at 0: more than the 524288 bytes one command moves");
        AssertRefused(rig, NvmeRequestsRig.Read(3, 0, 136), BlockStatus.OutOfRange, "read of 136 sectors at 0: larger than the driver's 65536-byte copy buffers");
        AssertRefused(rig, NvmeRequestsRig.Dataless(4, BlockOperation.WriteZeroes, 0, 0), BlockStatus.OutOfRange, "zeroing of 0 sectors at 0: no sectors");
        AssertRefused(rig, new BlockDriverRequest { Tag = 5, Operation = (BlockOperation)42, Unit = 1, Sectors = 1 }, BlockStatus.Unsupported,
            "namespace 1 does not do block operation 42");
    }

    [Test]
    public void RequestsUpToEachLimitAreCarriedOut()
    {
        var rig = new NvmeRequestsRig();

        // The namespace's last 8 sectors; MDTS's 512 KiB lent; a 64 KiB copy buffer's worth without a loan.
        rig.Submit(rig.LentRead(1, 16376, 8));
        rig.Submit(rig.LentRead(2, 0, 1024));
        rig.Submit(NvmeRequestsRig.Read(3, 0, 128));
        rig.RunUntilIdle();

        Assert.That(Enumerable.Range(1, 3).Select(tag => rig.AnswerTo(tag).Status), Is.All.EqualTo(BlockStatus.Ok));
        AssertRefused(rig, rig.LentRead(4, 16384, 8), BlockStatus.OutOfRange, "read of 8 sectors at 16384: beyond namespace 1's 16384 sectors");
    }

    [Test]
    public void AnUnalignedLoanTooLargeToCopyIsRefusedSayingWhy()
    {
        var rig = new NvmeRequestsRig();
        BlockDriverRequest read = rig.LentRead(1, 0, 136, bufferOffset: 2);

        AssertRefused(rig, read, BlockStatus.OutOfRange, "read of 136 sectors at 0: larger than the driver's 65536-byte copy buffers "
            + $"(the lent buffer at 0x{read.Data.DeviceAddress:x} is not dword aligned)");
    }

    [Test]
    public void ZeroingIsLimitedTo65536BlocksACommand()
    {
        // 6.16: NLB is 16 bits, 0-based.
        var rig = new NvmeRequestsRig(sim => sim.AddNamespace(1, 70000));

        rig.Submit(NvmeRequestsRig.Dataless(1, BlockOperation.WriteZeroes, 0, 65536));
        rig.RunUntilIdle();

        Assert.That(rig.AnswerTo(1).Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(rig.Sim.Namespaces[1].Zeroed.Single(), Is.EqualTo((0UL, 65536)));
        AssertRefused(rig, NvmeRequestsRig.Dataless(2, BlockOperation.WriteZeroes, 0, 65537), BlockStatus.OutOfRange,
            "zeroing of 65537 sectors at 0: more than 65536 blocks");
    }

    [Test]
    public void ADeallocationOfLargerBlocksNamesThoseBlocks()
    {
        var rig = new NvmeRequestsRig(sim => sim.AddNamespace(1, 100, blockBytes: 4096));

        rig.Submit(NvmeRequestsRig.Dataless(1, BlockOperation.Discard, 16, 24));
        rig.RunUntilIdle();

        Assert.That(rig.Sim.Namespaces[1].Deallocated.Single(), Is.EqualTo((2UL, 3)), "sectors 16-39 are 4 KiB blocks 2-4");
    }

    [Test]
    public void ANamespaceWithoutCacheOrOptionalCommandsSaysSo()
    {
        var rig = new NvmeRequestsRig(sim =>
        {
            sim.VolatileWriteCache = false;
            sim.OptionalCommands = 0;
            sim.AddNamespace(1, 100, blockBytes: 4096);
        });

        BlockDeviceInfo info = rig.Namespace(1).Describe("nvme", 64 * 1024, 1024 * 1024);

        Assert.That(info.MaxSectorsPerDatalessRequest, Is.EqualTo(65536 * 8), "2^16 blocks of 8 sectors");
        Assert.That(info.Features, Is.EqualTo("write-through nsid=1 lba_format=0 lba_size=4096 max_transfer=524288 firmware=7.2"));
    }

    [Test]
    public void AMediaErrorIsRetriedThenFailsOnlyItsRequestNamingTheCommandAndLba()
    {
        var rig = new NvmeRequestsRig();
        rig.Sim.Namespaces[1].FailingLbas.Add(60);

        rig.Submit(rig.LentRead(1, 56, 8));
        rig.Submit(rig.LentRead(2, 0, 8));
        rig.RunUntilIdle();

        BlockDriverCompletion failed = rig.AnswerTo(1);
        Assert.That((failed.Status, failed.Error), Is.EqualTo((BlockStatus.IoError,
            "Read (namespace 1, LBA 56, 8 blocks) failed: unrecovered read error (SCT 2h, SC 81h) (try 3 of 3)")));
        Assert.That(rig.IoFetched.Count(command => command.StartLba == 56), Is.EqualTo(3), "DNR clear: tried three times");
        Assert.That(rig.AnswerTo(2).Status, Is.EqualTo(BlockStatus.Ok), "the other request is not concerned");
    }

    [Test]
    public void AStatusWithDoNotRetryFailsAtTheFirstTry()
    {
        var rig = new NvmeRequestsRig();
        // The controller now takes 8 KiB at most: a 64 KiB read gets Invalid Field with DNR.
        rig.Sim.Mdts = 1;

        rig.Submit(rig.LentRead(1, 0, 128));
        rig.RunUntilIdle();

        BlockDriverCompletion failed = rig.AnswerTo(1);
        Assert.That(failed.Error, Is.EqualTo("Read (namespace 1, LBA 0, 128 blocks) failed: invalid field in command (SCT 0h, SC 02h), do not retry"));
        Assert.That(rig.IoFetched, Has.Count.EqualTo(1));
    }

    [Test]
    public void GetIdGivesTheControllersSerialNulPadded()
    {
        var rig = new NvmeRequestsRig();
        byte[] buffer = Enumerable.Repeat((byte)0xCC, 20).ToArray();

        rig.Submit(NvmeRequestsRig.GetId(1, buffer));

        Assert.That(rig.TakeAnswers().Single().Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(BlockDeviceId.Decode(buffer), Is.EqualTo("ZOSNVME"));
        Assert.That(buffer.Skip(7), Is.All.EqualTo(0));
    }

    [Test]
    public void ANamespaceDescribesItsGeometryLimitsAndController()
    {
        var rig = new NvmeRequestsRig();

        BlockDeviceInfo info = rig.Namespace(1).Describe("nvme 1.4 io_queues=1 depth=256 msi-x entry 1", 64 * 1024, 1024 * 1024);

        Assert.That((info.Sectors, info.LogicalBlockSize, info.HasFlush), Is.EqualTo((16384UL, 512, true)));
        Assert.That((info.MaxSectorsPerRequest, info.MaxSectorsPerLentRequest, info.MaxSectorsPerDatalessRequest), Is.EqualTo((128, 1024, 65536)),
            "copies up to the bounce buffer, loans up to MDTS (512 KiB), zeroing up to 2^16 blocks");
        Assert.That(info.Features, Is.EqualTo("write-cache write-zeroes deallocate nsid=1 lba_format=0 lba_size=512 max_transfer=524288 firmware=7.2"));
        Assert.That((info.Model, info.Serial, info.Transport), Is.EqualTo(("QEMU NVMe Ctrl", "ZOSNVME", "nvme 1.4 io_queues=1 depth=256 msi-x entry 1")));
    }

    [Test]
    public void CompletionsInterruptOnTheIoQueuesOwnVector()
    {
        var rig = new NvmeRequestsRig();
        int adminInterrupts = rig.Sim.InterruptsRaised[0];

        rig.Submit(rig.LentRead(1, 0, 8));
        rig.RunUntilIdle();

        Assert.That((rig.Sim.InterruptsRaised[1], rig.Sim.InterruptsRaised[0]), Is.EqualTo((1, adminInterrupts)));
    }

    private static void AssertRefused(NvmeRequestsRig rig, BlockDriverRequest request, BlockStatus status, string reason)
    {
        int fetched = rig.Sim.Fetched.Count;
        rig.Submit(request);

        Assert.That(rig.TakeAnswers().Select(answer => (answer.Tag, answer.Status, answer.Error)), Is.EqualTo(new[] { (request.Tag, status, reason) }),
            "answered at once");
        rig.Step();
        Assert.That((rig.Requests.Busy, rig.Sim.Fetched.Count), Is.EqualTo((false, fetched)), "the controller was not asked");
    }
}
