using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Drivers;
using Zos.Tests.Host.Supervision;

namespace Zos.Tests.Host.Storage;

public class BlockDeviceTests
{
    private const int Sector = BlockDeviceInfo.SectorSize;

    private SimulatedBlockDriver _driver = null!;
    private BlockDevice _device = null!;
    private BlockController _controller = null!;
    private VirtualClock _clock = null!;
    private List<BlockRequest> _completed = null!;
    private BlockDeviceBench _bench = null!;

    [SetUp]
    public void Create()
    {
        _bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 256, maxSectorsPerRequest: 8));
        (_driver, _controller, _device, _clock, _completed) = (_bench.Driver, _bench.Controller, _bench.Device, _bench.Clock, _bench.Completed);
    }

    private BlockRequest Submit(BlockOperation operation, ulong sector, int sectors, byte[]? buffer = null, int offset = 0) =>
        _bench.Submit(operation, sector, sectors, buffer, offset);

    private static byte[] Pattern(int sectors, int seed) =>
        Enumerable.Range(0, sectors * Sector).Select(i => (byte)(i * 31 + seed)).ToArray();

    private void Run() => _bench.Run();

    [Test]
    public void TheDeviceIsIdentifiedFirstThenServesReadsAndWrites()
    {
        byte[] data = Pattern(4, 7);
        BlockRequest write = Submit(BlockOperation.Write, 10, 4, data);
        byte[] back = new byte[4 * Sector];
        BlockRequest read = Submit(BlockOperation.Read, 10, 4, back);
        Run();

        Assert.That(_driver.Executed.Take(2).Select(r => r.Operation), Is.EqualTo(new[] { BlockOperation.ListUnits, BlockOperation.Identify }));
        Assert.That(_device.Info!.Sectors, Is.EqualTo(256UL));
        Assert.That((write.Status, read.Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        Assert.That(back, Is.EqualTo(data));
        Assert.That(_driver.Disk.Skip(10 * Sector).Take(4 * Sector), Is.EqualTo(data));
        Assert.That(_completed, Is.EqualTo(new[] { write, read }));
        Assert.That(_device.RequestsServed, Is.EqualTo(2UL));
        Assert.That(_driver.Watched, Is.Empty, "every deadline the supervisor watched was finished");
    }

    [Test]
    public void LargeRequestsAreSplitToTheDriversLimitAndCompleteOnce()
    {
        byte[] buffer = new byte[2 * Sector + 20 * Sector];
        Pattern(20, 3).CopyTo(buffer, 2 * Sector);
        BlockRequest write = Submit(BlockOperation.Write, 100, 20, buffer, 2 * Sector);
        Run();

        var parts = _driver.Executed.Where(r => r.Operation == BlockOperation.Write).ToList();
        Assert.That(parts.Select(p => (p.Sector, p.Sectors, p.BufferOffset)), Is.EqualTo(new[]
        {
            (100UL, 8, 2 * Sector), (108UL, 8, 10 * Sector), (116UL, 4, 18 * Sector),
        }));
        Assert.That(_completed, Is.EqualTo(new[] { write }));
        Assert.That(_driver.Disk.Skip(100 * Sector).Take(20 * Sector), Is.EqualTo(Pattern(20, 3)));
    }

    [Test]
    public void PartsTheCrashedIncarnationHadNotAnsweredGoToTheNextOneOnce()
    {
        var writes = Enumerable.Range(0, 5).Select(i => Submit(BlockOperation.Write, (ulong)(i * 8), 8, Pattern(8, i))).ToList();
        _controller.Pump();
        _driver.Serve();           // Identify
        _controller.Pump();
        Assert.That(_driver.Take(), Is.EqualTo(5));
        _driver.Serve(2);          // two answered: their completions wait in the old channel
        _driver.Crash();
        _controller.Pump();
        Assert.That(_completed, Is.EqualTo(writes.Take(2)), "answers posted before the crash are real and are taken");
        _driver.Restart();
        Run();

        Assert.That(_completed, Has.Count.EqualTo(5));
        Assert.That(_completed.Distinct().Count(), Is.EqualTo(5), "no request completed twice");
        Assert.That(writes.Select(w => w.Status), Is.All.EqualTo(BlockStatus.Ok));
        Assert.That(writes.Select(w => w.Replays), Is.EqualTo(new[] { 0, 0, 1, 1, 1 }));
        Assert.That(_device.PartsReplayed, Is.EqualTo(3UL));
        for (int i = 0; i < 5; i++) Assert.That(_driver.Disk.Skip(i * 8 * Sector).Take(8 * Sector), Is.EqualTo(Pattern(8, i)));
        Assert.That(_controller.Incarnation, Is.EqualTo(2));
        Assert.That(_driver.Executed.Count(r => r.Operation == BlockOperation.Identify), Is.EqualTo(2), "each incarnation was asked Identify");
    }

    [Test]
    public void AnswersGivenAfterTheDevicesDmaWasBlockedAreNotBelievedAndTheirPartsGoToTheNextIncarnation()
    {
        var writes = Enumerable.Range(0, 3).Select(i => Submit(BlockOperation.Write, (ulong)(i * 8), 8, Pattern(8, i))).ToList();
        _controller.Pump();
        _driver.Serve();           // Identify
        _controller.Pump();
        _driver.Serve(2);          // "Ok" for two writes whose data the IOMMU kept from the device
        _driver.DeviceFault = "write at 0x1000 by 00:03.0 (blk0): write not permitted";
        _controller.Pump();
        Assert.That(_completed, Is.Empty, "no success reported for data that never moved");
        _driver.Crash();           // the kernel stops the violating incarnation
        _controller.Pump();
        Assert.That(_completed, Is.Empty);
        _driver.Restart();
        Run();

        Assert.That(writes.Select(w => (w.Status, w.Replays)), Is.All.EqualTo((BlockStatus.Ok, 1)));
        Assert.That(_controller.DistrustedCompletions, Is.EqualTo(2UL));
        Assert.That(_completed.Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public void ARequestLostInTooManyCrashesFailsAndTheOthersGoOn()
    {
        _controller.Pump();
        _driver.Serve();
        _controller.Pump();
        BlockRequest doomed = Submit(BlockOperation.Read, 0, 1);
        for (int crash = 0; crash <= BlockController.MaxReplays; crash++)
        {
            if (crash > 0)
            {
                // Each new incarnation is asked ListUnits, then Identify, first.
                _controller.Pump();
                Assert.That(_driver.Serve(), Is.EqualTo(1));
                Assert.That(_driver.Executed[^1].Operation, Is.EqualTo(BlockOperation.ListUnits));
                _controller.Pump();
                Assert.That(_driver.Serve(), Is.EqualTo(1));
                Assert.That(_driver.Executed[^1].Operation, Is.EqualTo(BlockOperation.Identify));
            }
            _controller.Pump();
            Assert.That(_driver.Take(), Is.EqualTo(1), $"incarnation {crash + 1} got the request");
            _driver.Crash();
            _controller.Pump();
            _driver.Restart();
        }
        BlockRequest fine = Submit(BlockOperation.Read, 1, 1);
        Run();

        Assert.That(doomed.Status, Is.EqualTo(BlockStatus.DeviceFailed));
        Assert.That(doomed.Error, Is.EqualTo("blk0: its driver ended 11 times while serving this request"));
        Assert.That(fine.Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(_completed, Is.EqualTo(new[] { doomed, fine }));
        Assert.That(_driver.Executed.Count(r => r.Operation == BlockOperation.Read && r.Sector == 0), Is.EqualTo(0),
            "a request given up is not handed out again");
    }

    [Test]
    public void AFailedDriverFailsWhatIsWaitingWithItsReason()
    {
        Run();
        BlockRequest waiting = Submit(BlockOperation.Write, 0, 1);
        _driver.Crash();
        _driver.FailedReason = "crash loop";
        _controller.Pump();
        Assert.That((waiting.Status, waiting.Error), Is.EqualTo((BlockStatus.DeviceFailed, "blk0's driver has failed: crash loop")));
        Assert.That(_completed, Is.EqualTo(new[] { waiting }), "its client is told");
        BlockRequest later = Submit(BlockOperation.Read, 0, 1);
        _controller.Pump();
        Assert.That(later.Status, Is.EqualTo(BlockStatus.DeviceFailed));
        Assert.That(_completed, Is.EqualTo(new[] { waiting, later }));
    }

    [Test]
    public void BadRequestsGetAClearErrorAndNothingReachesTheDevice()
    {
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.Read, 0, 4, new byte[3 * Sector], 0, _completed.Add)),
            Is.EqualTo("the buffer does not hold 2048 bytes from offset 0"));
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.Write, 0, 0, new byte[Sector], 0, _completed.Add)),
            Is.EqualTo("a transfer of no sectors"));
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.GetId, 0, 0, new byte[19], 0, _completed.Add)),
            Is.EqualTo("the buffer does not hold 20 bytes from offset 0"));
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.Read, 0, 1, new byte[Sector], -1, _completed.Add)),
            Is.EqualTo("the buffer does not hold 512 bytes from offset -1"));
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.Read, 0, -1, new byte[Sector], 0, _completed.Add)), Is.EqualTo("a negative sector count"));
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.ListUnits, 0, 0, null!, 0, _completed.Add)),
            Is.EqualTo("identify and list are the block service's own requests"));
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.Identify, 0, 0, null!, 0, _completed.Add)),
            Is.EqualTo("identify and list are the block service's own requests"));
        BlockRequest beyond = Submit(BlockOperation.Read, 250, 7);
        BlockRequest writeBeyond = Submit(BlockOperation.Write, 256, 1);
        BlockRequest last = Submit(BlockOperation.Read, 255, 1);
        Run();
        Assert.That((beyond.Status, beyond.Error), Is.EqualTo((BlockStatus.OutOfRange, "sectors 250+7 are beyond blk0's 256 sectors")));
        Assert.That((writeBeyond.Status, last.Status), Is.EqualTo((BlockStatus.OutOfRange, BlockStatus.Ok)), "the last sector is sector 255");
        Assert.That(_completed, Is.EquivalentTo(new[] { beyond, writeBeyond, last }), "a refused request completes too");
        Assert.That(_driver.Executed.Select(r => r.Operation), Is.EqualTo(new[] { BlockOperation.ListUnits, BlockOperation.Identify, BlockOperation.Read }));
    }

    [Test]
    public void WritesToAReadOnlyDeviceAreRefused()
    {
        _driver.Info.ReadOnly = true;
        BlockRequest write = Submit(BlockOperation.Write, 0, 1);
        BlockRequest read = Submit(BlockOperation.Read, 0, 1);
        Run();
        Assert.That((write.Status, write.Error), Is.EqualTo((BlockStatus.ReadOnly, "blk0 is read-only")));
        Assert.That(read.Status, Is.EqualTo(BlockStatus.Ok));
    }

    [Test]
    public void DeviceErrorsReachTheClient()
    {
        Run();
        _driver.NextStatus = BlockStatus.IoError;
        BlockRequest read = Submit(BlockOperation.Read, 0, 20);
        Run();
        Assert.That((read.Status, read.Error), Is.EqualTo((BlockStatus.IoError, "simulated IoError")));
        Assert.That(_completed, Is.EqualTo(new[] { read }), "one completion although two of its three parts succeeded");
    }

    // Of a request's parts, the first to fail names the request's error; a driver
    // that gives no reason is named by the status it gave.
    [Test]
    public void TheFirstFailingPartNamesTheErrorAndAReasonlessFailureItsStatus()
    {
        Run();
        BlockRequest read = Submit(BlockOperation.Read, 0, 20);
        _controller.Pump();
        _driver.Take();
        var parts = _driver.Taken.Select(r => r.Tag).ToArray();
        Assert.That(parts, Has.Length.EqualTo(3));
        _driver.Complete(BlockDriverCompletion.Failed(parts[1], BlockStatus.IoError, null!));
        _driver.Complete(BlockDriverCompletion.Failed(parts[0], BlockStatus.DeviceFailed, "second"));
        _driver.Complete(BlockDriverCompletion.Ok(parts[2]));
        _controller.Pump();
        Assert.That((read.Status, read.Error), Is.EqualTo((BlockStatus.IoError, "status " + (int)BlockStatus.IoError)));
        Assert.That(_completed, Is.EqualTo(new[] { read }));
    }

    [Test]
    public void FlushReachesADeviceThatHasOneAndCompletesAtOnceOnAWriteThroughDevice()
    {
        BlockRequest flush = Submit(BlockOperation.Flush, 0, 0);
        Run();
        Assert.That((flush.Status, _driver.Flushes), Is.EqualTo((BlockStatus.Ok, 1)));

        _driver.Info.HasFlush = false;
        Create();
        _driver.Info.HasFlush = false;
        BlockRequest writeThrough = Submit(BlockOperation.Flush, 0, 0);
        Run();
        Assert.That((writeThrough.Status, _driver.Flushes), Is.EqualTo((BlockStatus.Ok, 0)));
        Assert.That(_completed, Is.EqualTo(new[] { writeThrough }), "completed at once, by the service");
    }

    [Test]
    public void ZeroingAndDiscardsAreCutAtTheirOwnLimitCarryNoDataAndClearTheSectors()
    {
        _driver.Info.MaxSectorsPerDatalessRequest = 100;
        Submit(BlockOperation.Write, 0, 256, Pattern(256, 5));
        BlockRequest zero = _bench.Submit(BlockOperation.WriteZeroes, 10, 246, null!);
        Run();

        var parts = _driver.Executed.Where(r => r.Operation == BlockOperation.WriteZeroes).ToList();
        Assert.That(parts.Select(p => (p.Sector, p.Sectors)), Is.EqualTo(new[] { (10UL, 100), (110UL, 100), (210UL, 46) }),
            "cut at MaxSectorsPerDatalessRequest, not at the 8 sectors of a transfer");
        Assert.That(zero.Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(_driver.Disk.Skip(10 * Sector).Take(246 * Sector), Is.All.EqualTo(0));
        Assert.That(_driver.Disk.Skip(9 * Sector).Take(Sector), Is.EqualTo(Pattern(256, 5).Skip(9 * Sector).Take(Sector)), "the sector before stays");
    }

    [Test]
    public void WithoutADatalessLimitDiscardsAreCutAtTheTransferLimit()
    {
        _bench.Submit(BlockOperation.Discard, 0, 20, null!);
        Run();
        Assert.That(_driver.Executed.Where(r => r.Operation == BlockOperation.Discard).Select(p => p.Sectors), Is.EqualTo(new[] { 8, 8, 4 }));
    }

    [Test]
    public void ZeroingAndDiscardsNeedSectorsInRangeAndAWritableDevice()
    {
        Assert.That(_device.Submit(new BlockRequest(BlockOperation.WriteZeroes, 0, 0, null!, 0, _completed.Add)), Is.EqualTo("no sectors to zero or discard"));
        BlockRequest beyond = _bench.Submit(BlockOperation.Discard, 250, 7, null!);
        Run();
        Assert.That((beyond.Status, beyond.Error), Is.EqualTo((BlockStatus.OutOfRange, "sectors 250+7 are beyond blk0's 256 sectors")));

        _driver.Info.ReadOnly = true;
        BlockRequest zero = _bench.Submit(BlockOperation.WriteZeroes, 0, 1, null!);
        BlockRequest discard = _bench.Submit(BlockOperation.Discard, 0, 1, null!);
        Run();
        Assert.That((zero.Status, discard.Status), Is.EqualTo((BlockStatus.ReadOnly, BlockStatus.ReadOnly)));
        Assert.That(_driver.Executed.Select(r => r.Operation), Does.Not.Contain(BlockOperation.WriteZeroes).And.Not.Contain(BlockOperation.Discard));
    }

    [Test]
    public void StrayAndOutOfOrderAnswersAreHandled()
    {
        Run();
        var reads = Enumerable.Range(0, 4).Select(i => Submit(BlockOperation.Read, (ulong)i, 1)).ToList();
        _controller.Pump();
        _driver.Take();
        _driver.Complete(BlockDriverCompletion.Ok(999_999));
        _driver.Serve(reversed: true);
        _controller.Pump();
        Assert.That(_completed, Is.EqualTo(Enumerable.Reverse(reads)));
        Assert.That(_controller.StrayCompletions, Is.EqualTo(1UL));
    }

    [Test]
    public void ASubmitWakesTheServiceThread()
    {
        var wake = (CountingDoorbell)_controller.Wake;
        int before = wake.Rings;
        Submit(BlockOperation.Read, 0, 1);
        Assert.That(wake.Rings, Is.EqualTo(before + 1));
    }

    // Parts are cut at the lent limit only when the session lends; a driver
    // without a lent limit gets parts of its copying limit either way.
    [TestCase(false, 16, new[] { 8, 8, 4 })]
    [TestCase(true, 0, new[] { 8, 8, 4 })]
    [TestCase(true, 16, new[] { 16, 4 })]
    public void PartsAreCutAtTheLimitThatApplies(bool lends, int lentLimit, int[] parts)
    {
        var capabilities = new Capabilities.CapabilityBench();
        var bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8, maxSectorsPerLentRequest: lentLimit,
            lender: lends ? capabilities.Authority : null, borrower: lends ? capabilities.Driver : null));
        bench.Submit(BlockOperation.Write, 0, 20);
        bench.Run();
        Assert.That(bench.Driver.Executed.Where(r => r.Operation == BlockOperation.Write).Select(r => r.Sectors), Is.EqualTo(parts));
    }

    [Test]
    public void GetIdReadsTheSerial()
    {
        var serial = new byte[20];
        BlockRequest id = Submit(BlockOperation.GetId, 0, 0, serial);
        Run();
        Assert.That(id.Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(System.Text.Encoding.ASCII.GetString(serial).TrimEnd('\0'), Is.EqualTo("SIM-SERIAL"));
    }

    // Writes and reads of random sizes, many in flight at once, while the
    // driver crashes at random points, also with writes taken and not answered
    // or answered and not yet seen: every request completes exactly once, every
    // read returns what the disk held when it was submitted, and the disk ends
    // equal to a model that applied every write. Requests in flight never
    // overlap, so the model does not depend on the order they land in.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomCrashesLoseAndDuplicateNothing(int seed)
    {
        var random = new Random(seed);
        byte[] model = new byte[_driver.Disk.Length];
        var submitted = new List<BlockRequest>();
        var expectedReads = new List<(BlockRequest Read, byte[] Expected)>();
        var inFlight = new List<(BlockRequest Request, ulong Sector, int Sectors)>();
        int crashesWithWritesInFlight = 0;
        for (int step = 0; step < 400; step++)
        {
            inFlight.RemoveAll(entry => _completed.Contains(entry.Request));
            int sectors = random.Next(1, 30);
            ulong sector = (ulong)random.Next(0, 256 - sectors);
            bool free = inFlight.All(entry => sector + (ulong)sectors <= entry.Sector || entry.Sector + (ulong)entry.Sectors <= sector);
            if (free && inFlight.Count < 12)
            {
                BlockRequest request;
                if (random.Next(3) == 0)
                {
                    // Filled with what no write puts there: a read answered without its data shows.
                    request = Submit(BlockOperation.Read, sector, sectors, Enumerable.Repeat((byte)0xEE, sectors * Sector).ToArray());
                    expectedReads.Add((request, model.AsSpan((int)sector * Sector, sectors * Sector).ToArray()));
                }
                else
                {
                    byte[] data = Pattern(sectors, step);
                    request = Submit(BlockOperation.Write, sector, sectors, data);
                    Array.Copy(data, 0, model, (int)sector * Sector, sectors * Sector);
                }
                submitted.Add(request);
                inFlight.Add((request, sector, sectors));
            }
            _controller.Pump();
            _driver.Serve(random.Next(0, 3));
            if (random.Next(2) == 0) _controller.Pump();
            if (random.Next(5) == 0)
            {
                if (inFlight.Any(entry => entry.Request.Operation == BlockOperation.Write && !_completed.Contains(entry.Request)))
                    crashesWithWritesInFlight++;
                _driver.Crash();
                _controller.Pump();
                _driver.Restart();
            }
        }
        Run();

        Assert.That(_completed, Has.Count.EqualTo(submitted.Count));
        Assert.That(_completed.Distinct().Count(), Is.EqualTo(submitted.Count));
        Assert.That(submitted.Select(r => r.Status), Is.All.EqualTo(BlockStatus.Ok));
        foreach ((BlockRequest read, byte[] expected) in expectedReads)
            Assert.That(read.Buffer, Is.EqualTo(expected), $"read of {read.Sectors} sectors at {read.Sector}");
        Assert.That(_driver.Disk, Is.EqualTo(model));
        Assert.That(crashesWithWritesInFlight, Is.GreaterThan(10), "the crashes hit writes in flight");
        Assert.That(_device.PartsReplayed, Is.GreaterThan(0UL));
    }
}
