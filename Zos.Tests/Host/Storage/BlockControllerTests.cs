using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Storage;

// One driver instance serving several block devices (AHCI ports, NVMe
// namespaces): each unit is its own device with its own name, limits and
// counters, and all of them are replayed to the next incarnation.
public class BlockControllerTests
{
    private const int Sector = BlockDeviceInfo.SectorSize;

    private static BlockDeviceBench TwoPorts(int queueDepth = 8)
    {
        var driver = new SimulatedBlockDriver(sectors: 256, maxSectorsPerRequest: 8, queueDepth: queueDepth) { UnitLetter = "p" };
        driver.ListedUnits.Clear();
        driver.ListedUnits.Add(0);
        driver.AddUnit(2, sectors: 128, maxSectorsPerRequest: 4);
        return new BlockDeviceBench(driver, "ahci0");
    }

    private static byte[] Pattern(int sectors, int seed) =>
        Enumerable.Range(0, sectors * Sector).Select(i => (byte)(i * 13 + seed)).ToArray();

    [Test]
    public void EachListedUnitIsADeviceNamedByItsNumberWithItsOwnLimits()
    {
        BlockDeviceBench bench = TwoPorts();
        bench.Run();

        BlockController controller = bench.Controller;
        Assert.That(Enumerable.Range(0, controller.DeviceCount).Select(i => controller.Device(i).Name), Is.EqualTo(new[] { "ahci0p0", "ahci0p2" }));
        BlockDevice port2 = controller.Find("ahci0p2")!;
        Assert.That((port2.Unit, port2.Info!.Sectors, port2.Info.MaxSectorsPerRequest), Is.EqualTo((2, 128UL, 4)));
        Assert.That(controller.Find("ahci0p0")!.Info!.Sectors, Is.EqualTo(256UL));
        Assert.That(controller.Find("ahci0"), Is.Null, "the controller itself is no device");
        Assert.That(controller.Device(2), Is.Null, "two devices: 0 and 1");
        Assert.That(bench.Driver.Executed.Where(r => r.Operation == BlockOperation.Identify).Select(r => r.Unit), Is.EquivalentTo(new[] { 0, 2 }));
    }

    [Test]
    public void RequestsReachTheirOwnUnitSplitToItsLimitsAndCountThere()
    {
        BlockDeviceBench bench = TwoPorts();
        bench.Run();
        BlockDevice port0 = bench.Controller.Find("ahci0p0")!, port2 = bench.Controller.Find("ahci0p2")!;

        BlockRequest toPort2 = bench.Submit(BlockOperation.Write, 10, 10, Pattern(10, 1), device: port2);
        BlockRequest toPort0 = bench.Submit(BlockOperation.Write, 10, 10, Pattern(10, 2), device: port0);
        bench.Run();

        Assert.That((toPort2.Status, toPort0.Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        Assert.That(bench.Driver.Unit(2).Disk.Skip(10 * Sector).Take(10 * Sector), Is.EqualTo(Pattern(10, 1)));
        Assert.That(bench.Driver.Unit(0).Disk.Skip(10 * Sector).Take(10 * Sector), Is.EqualTo(Pattern(10, 2)));
        var writes = bench.Driver.Executed.Where(r => r.Operation == BlockOperation.Write).ToList();
        Assert.That(writes.Where(r => r.Unit == 2).Select(r => r.Sectors), Is.EqualTo(new[] { 4, 4, 2 }), "port 2's limit is 4 sectors");
        Assert.That(writes.Where(r => r.Unit == 0).Select(r => r.Sectors), Is.EqualTo(new[] { 8, 2 }));
        Assert.That((port0.RequestsServed, port2.RequestsServed), Is.EqualTo((1UL, 1UL)));
        Assert.That((port0.InFlight, port2.InFlight), Is.EqualTo((0, 0)), "answered parts are no longer in flight");
        BlockRequest beyond = bench.Submit(BlockOperation.Read, 200, 1, device: port2);
        bench.Run();
        Assert.That(beyond.Error, Is.EqualTo("sectors 200+1 are beyond ahci0p2's 128 sectors"));
        Assert.That((port0.RequestsFailed, port2.RequestsFailed), Is.EqualTo((0UL, 1UL)));
    }

    [Test]
    public void ACrashReplaysEveryUnitsPartsToItsOwnUnitAndEachUnitIsIdentifiedAgain()
    {
        BlockDeviceBench bench = TwoPorts();
        bench.Run();
        BlockDevice port0 = bench.Controller.Find("ahci0p0")!, port2 = bench.Controller.Find("ahci0p2")!;
        BlockRequest a = bench.Submit(BlockOperation.Write, 0, 8, Pattern(8, 3), device: port0);
        BlockRequest b = bench.Submit(BlockOperation.Write, 0, 4, Pattern(4, 4), device: port2);
        bench.Controller.Pump();
        Assert.That(bench.Driver.Take(), Is.EqualTo(2));
        Assert.That((port0.InFlight, port2.InFlight), Is.EqualTo((1, 1)));

        bench.Driver.Crash();
        bench.Controller.Pump();
        Assert.That((port0.InFlight, port2.InFlight), Is.EqualTo((0, 0)));
        bench.Driver.Restart();
        int executedBefore = bench.Driver.Executed.Count;
        bench.Run();

        Assert.That((a.Status, b.Status, a.Replays, b.Replays), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok, 1, 1)));
        Assert.That(bench.Driver.Unit(0).Disk.Take(8 * Sector), Is.EqualTo(Pattern(8, 3)));
        Assert.That(bench.Driver.Unit(2).Disk.Take(4 * Sector), Is.EqualTo(Pattern(4, 4)));
        var second = bench.Driver.Executed.Skip(executedBefore).Select(r => (r.Operation, r.Unit)).ToList();
        Assert.That(second.Take(3), Is.EqualTo(new[] { (BlockOperation.ListUnits, 0), (BlockOperation.Identify, 0), (BlockOperation.Identify, 2) }));
        Assert.That((port0.PartsReplayed, port2.PartsReplayed), Is.EqualTo((1UL, 1UL)));
        Assert.That((port0.IdentifiedBy, port2.IdentifiedBy), Is.EqualTo((2, 2)), "their descriptions are the new incarnation's");
    }

    [Test]
    public void AUnitTheNextIncarnationDoesNotListFailsItsRequestsAndComesBackWhenListedAgain()
    {
        BlockDeviceBench bench = TwoPorts();
        bench.Run();
        BlockDevice port2 = bench.Controller.Find("ahci0p2")!;
        BlockRequest waiting = bench.Submit(BlockOperation.Read, 0, 1, device: port2);
        bench.Driver.ListedUnits.Remove(2);
        bench.Driver.Crash();
        bench.Driver.Restart();
        bench.Run();

        Assert.That(waiting.Status, Is.EqualTo(BlockStatus.DeviceFailed));
        Assert.That(waiting.Error, Is.EqualTo("ahci0's driver (incarnation 2) does not list unit 2"));
        Assert.That(port2.Missing, Is.EqualTo(waiting.Error));
        BlockRequest later = bench.Submit(BlockOperation.Read, 0, 1, device: port2);
        bench.Run();
        Assert.That(later.Status, Is.EqualTo(BlockStatus.DeviceFailed), "asked of a missing unit");
        Assert.That(bench.Driver.Executed.Count(r => r.Unit == 2 && r.Operation == BlockOperation.Read), Is.EqualTo(0));

        bench.Driver.ListedUnits.Add(2);
        bench.Driver.Crash();
        bench.Driver.Restart();
        bench.Run();
        BlockRequest back = bench.Submit(BlockOperation.Read, 0, 1, device: port2);
        bench.Run();
        Assert.That((back.Status, port2.Missing), Is.EqualTo((BlockStatus.Ok, (string?)null)));
        Assert.That(bench.Controller.Find("ahci0p2"), Is.SameAs(port2), "the same device, as clients hold it");
    }

    // A unit list the service cannot name devices from: no device appears,
    // the problem is kept for `blk`, and the next incarnation is asked again.
    [TestCase(new int[0], null, "ListUnits: 0 units without a unit letter to name them (then exactly one)")]
    [TestCase(new[] { 0, 1 }, null, "ListUnits: 2 units without a unit letter to name them (then exactly one)")]
    [TestCase(new[] { 3, 3 }, "p", "ListUnits: unit 3 is listed twice")]
    [TestCase(new[] { -1 }, "p", "ListUnits: unit -1 is out of range")]
    [TestCase(new[] { 65536 }, "p", "ListUnits: unit 65536 is out of range")]
    [TestCase(new[] { 1 }, "`", "ListUnits: unit letter '`' is not one lowercase letter")]
    [TestCase(new[] { 1 }, "{", "ListUnits: unit letter '{' is not one lowercase letter")]
    [TestCase(new[] { 1 }, "P", "ListUnits: unit letter 'P' is not one lowercase letter")]
    [TestCase(new[] { 1 }, "pp", "ListUnits: unit letter 'pp' is not one lowercase letter")]
    public void AUnitListThatCannotNameDevicesIsRefusedAndAskedAgain(int[] units, string? letter, string problem)
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8) { UnitLetter = letter };
        driver.ListedUnits.Clear();
        driver.ListedUnits.AddRange(units);
        var controller = new BlockController("ahci0", driver, new Supervision.VirtualClock(), new CountingDoorbell());
        controller.Pump();
        driver.Serve();
        controller.Pump();

        Assert.That((controller.Listed, controller.DeviceCount, controller.Problem), Is.EqualTo((false, 0, problem)));
        Assert.That(controller.Discovering, Is.True);
        Assert.That(controller.StrayCompletions, Is.EqualTo(1UL));
        Assert.That(driver.Take(), Is.EqualTo(0), "nothing else is asked of this incarnation");

        driver.ListedUnits.Clear();
        driver.ListedUnits.Add(0);
        driver.UnitLetter = null;
        driver.Crash();
        driver.Restart();
        controller.Pump();
        driver.Serve();
        controller.Pump();
        Assert.That(controller.Listed, Is.True);
        Assert.That(controller.Device(0)!.Name, Is.EqualTo("ahci0"));
    }

    [TestCase("a", 65535, "ahci0a65535")]
    [TestCase("z", 0, "ahci0z0")]
    public void UnitLettersAndNumbersAtTheirLimitsAreTaken(string letter, int unit, string name)
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8) { UnitLetter = letter };
        driver.ListedUnits.Clear();
        driver.ListedUnits.Add(unit);
        var bench = new BlockDeviceBench(driver, "ahci0");
        Assert.That(bench.Controller.Device(0)!.Name, Is.EqualTo(name));
    }

    [Test]
    public void AUnitListTheDriverFailedIsTheProblemWithItsReason()
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8) { NextStatus = BlockStatus.DeviceFailed };
        var controller = new BlockController("ahci0", driver, new Supervision.VirtualClock(), new CountingDoorbell());
        controller.Pump();
        driver.Serve();
        controller.Pump();
        Assert.That(controller.Problem, Is.EqualTo("ListUnits: simulated DeviceFailed"));
        Assert.That(controller.Discovering, Is.True);

        driver.Crash();
        driver.FailedReason = "crash loop";
        controller.Pump();
        Assert.That(controller.Discovering, Is.False, "a failed driver will list nothing");
    }

    // A driver that says nothing about why still gets a problem that says what failed.
    [Test]
    public void AnswersWithoutAReasonOrAListAreNamedByWhatWasAsked()
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8);
        var controller = new BlockController("blk0", driver, new Supervision.VirtualClock(), new CountingDoorbell());
        void Answer(Func<int, BlockDriverCompletion> answer)
        {
            controller.Pump();
            driver.Take();
            driver.Complete(answer(driver.Taken[^1].Tag));
            controller.Pump();
        }

        Answer(tag => BlockDriverCompletion.Failed(tag, BlockStatus.DeviceFailed, null!));
        Assert.That(controller.Problem, Is.EqualTo("ListUnits: failed"));
        driver.Crash();
        driver.Restart();
        Answer(tag => BlockDriverCompletion.Ok(tag));
        Assert.That(controller.Problem, Is.EqualTo("ListUnits: no unit list"), "Ok with no list is not an empty list");
        driver.Crash();
        driver.Restart();
        controller.Pump();
        driver.Serve();
        Answer(tag => BlockDriverCompletion.Failed(tag, BlockStatus.IoError, null!));
        Assert.That(controller.Problem, Is.EqualTo("Identify of blk0: failed"));
    }

    // An Identify answer the service cannot use: the unit waits for the next
    // incarnation (its requests are not cut to a limit of nothing).
    [TestCase(false, "Identify of blk0: no description")]
    [TestCase(true, "Identify of blk0: no sectors per request")]
    public void AnIdentityThatCannotBeUsedIsRefused(bool withInfo, string problem)
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: withInfo ? 0 : 8);
        var bench = new BlockDeviceBench(driver);
        if (!withInfo) driver.IdentifyWithoutInfo = true;
        BlockRequest waiting = bench.Submit(BlockOperation.Read, 0, 1);
        bench.Run();
        Assert.That(bench.Controller.Problem, Is.EqualTo(problem));
        Assert.That((bench.Device.Info, waiting.IsComplete), Is.EqualTo(((BlockDeviceInfo?)null, false)));
    }

    // A ring of one: each unit's Identify goes when the ring has room, none is lost.
    [Test]
    public void IdentifiesThatDoNotFitTheRingGoLater()
    {
        BlockDeviceBench bench = TwoPorts(queueDepth: 1);
        bench.Run();
        Assert.That(bench.Controller.Find("ahci0p0")!.Info, Is.Not.Null);
        Assert.That(bench.Controller.Find("ahci0p2")!.Info, Is.Not.Null);
    }

    [Test]
    public void EachPartHandedOverIsWatchedWithTheDeadlineUntilAnswered()
    {
        BlockDeviceBench bench = TwoPorts();
        bench.Run();
        bench.Submit(BlockOperation.Read, 0, 16, device: bench.Controller.Find("ahci0p0"));
        bench.Controller.Pump();
        Assert.That(bench.Driver.Watched.Values, Is.EqualTo(new[] { BlockController.RequestDeadlineMilliseconds, BlockController.RequestDeadlineMilliseconds }));
        bench.Run();
        Assert.That(bench.Driver.Watched, Is.Empty);
    }

    [Test]
    public void AControllerWithNoUnitsIsListedAndHasNoDevices()
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8) { UnitLetter = "p" };
        driver.ListedUnits.Clear();
        var bench = new BlockDeviceBench(driver, "ahci0");
        bench.Run();
        Assert.That((bench.Controller.Listed, bench.Controller.Discovering, bench.Controller.DeviceCount, bench.Controller.Problem),
            Is.EqualTo((true, false, 0, (string?)null)));
    }

    [Test]
    public void TooManyUnitsAreRefused()
    {
        var driver = new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8) { UnitLetter = "n" };
        driver.ListedUnits.Clear();
        driver.ListedUnits.AddRange(Enumerable.Range(1, BlockController.MaxUnits + 1));
        var controller = new BlockController("nvme0", driver, new Supervision.VirtualClock(), new CountingDoorbell());
        controller.Pump();
        driver.Serve();
        controller.Pump();
        Assert.That(controller.Problem, Is.EqualTo("ListUnits: 65 units, more than 64"));

        driver.ListedUnits.RemoveAt(BlockController.MaxUnits);
        driver.Crash();
        driver.Restart();
        controller.Pump();
        driver.Serve();
        controller.Pump();
        Assert.That(controller.DeviceCount, Is.EqualTo(BlockController.MaxUnits), "64 are fine");
        Assert.That(controller.Device(63)!.Name, Is.EqualTo("nvme0n64"));
    }

    [Test]
    public void AnIdentifyThatFailsIsKeptAsTheProblemAndTheUnitWaits()
    {
        BlockDeviceBench bench = TwoPorts();
        bench.Driver.NextStatus = BlockStatus.IoError;
        BlockRequest waiting = bench.Submit(BlockOperation.Read, 0, 1);
        bench.Controller.Pump();
        bench.Driver.Serve();
        bench.Controller.Pump();

        Assert.That(bench.Controller.Problem, Is.EqualTo("Identify of ahci0p0: simulated IoError"));
        Assert.That(bench.Device.Info, Is.Null);
        Assert.That(waiting.IsComplete, Is.False, "it waits for an incarnation that identifies the unit");
        Assert.That(bench.Controller.Find("ahci0p2")!.Info, Is.Not.Null, "the other unit is identified");
        bench.Run();
        Assert.That(bench.Driver.Executed.Count(r => r.Operation == BlockOperation.Identify && r.Unit == 0), Is.EqualTo(0),
            "not asked again of the same incarnation");

        bench.Driver.Crash();
        bench.Driver.Restart();
        bench.Run();
        Assert.That((bench.Device.Info, waiting.Status), Is.EqualTo((bench.Driver.Info, BlockStatus.Ok)));
    }

    // A small ring and one device with a long queue: the other device's
    // request still goes out in the next round, not after the whole queue.
    [Test]
    public void OneBusyUnitDoesNotStarveTheOther()
    {
        BlockDeviceBench bench = TwoPorts(queueDepth: 2);
        bench.Run();
        BlockDevice port0 = bench.Controller.Find("ahci0p0")!, port2 = bench.Controller.Find("ahci0p2")!;
        for (int i = 0; i < 10; i++) bench.Submit(BlockOperation.Read, (ulong)i * 8, 8, device: port0);
        BlockRequest other = bench.Submit(BlockOperation.Read, 0, 1, device: port2);

        bench.Controller.Pump();
        Assert.That(bench.Driver.Serve(), Is.EqualTo(2), "the ring holds two");

        var reads = bench.Driver.Executed.Where(r => r.Operation == BlockOperation.Read).Select(r => r.Unit).ToList();
        Assert.That(reads.Take(2), Does.Contain(2), "port 2's read was among the first two the ring took");
        bench.Run();
        Assert.That(other.Status, Is.EqualTo(BlockStatus.Ok));
    }

    // Both units busy and a ring of two: the parts alternate between them.
    [Test]
    public void BusyUnitsTakeTurns()
    {
        BlockDeviceBench bench = TwoPorts(queueDepth: 2);
        bench.Run();
        int before = bench.Driver.Executed.Count;
        for (int i = 0; i < 6; i++)
        {
            bench.Submit(BlockOperation.Read, (ulong)i * 4, 4, device: bench.Controller.Find("ahci0p0"));
            bench.Submit(BlockOperation.Read, (ulong)i * 4, 4, device: bench.Controller.Find("ahci0p2"));
        }
        for (int round = 0; round < 6; round++)
        {
            bench.Controller.Pump();
            bench.Driver.Serve(1);
        }
        bench.Run();
        var units = bench.Driver.Executed.Skip(before).Select(r => r.Unit).ToList();
        Assert.That(units, Is.EqualTo(Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? 0 : 2)), string.Join(",", units));
    }
}
