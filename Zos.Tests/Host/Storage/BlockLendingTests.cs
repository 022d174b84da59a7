using Zos.Hal.Capabilities;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.Storage;

// A block device whose sessions lend each part's slice of the client buffer to
// the driver (as the kernel's do), instead of the driver copying it.
public class BlockLendingTests
{
    private const int Sector = BlockDeviceInfo.SectorSize;

    private CapabilityBench _capabilities = null!;
    private SimulatedBlockDriver _driver = null!;
    private BlockDevice _device = null!;
    private BlockController _controller = null!;
    private BlockDeviceBench _bench = null!;

    [SetUp]
    public void Create()
    {
        _capabilities = new CapabilityBench();
        _bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 256, maxSectorsPerRequest: 8, lender: _capabilities.Authority,
            borrower: _capabilities.Driver, maxSectorsPerLentRequest: 16));
        (_driver, _controller, _device) = (_bench.Driver, _bench.Controller, _bench.Device);
    }

    private ulong DeviceAddressOf(byte[] buffer, int offset) =>
        _capabilities.DmaMemory.PhysicalAddressOf(buffer) + (ulong)offset + SimulatedDmaMemory.DeviceOffset;

    [Test]
    public void EachPartLendsItsSliceWithTheDevicesRightsUntilItIsAnswered()
    {
        byte[] data = new byte[40 * Sector + 100];
        new Random(5).NextBytes(data);
        BlockRequest write = _bench.Submit(BlockOperation.Write, 0, 40, data, 100);
        BlockRequest read = _bench.Submit(BlockOperation.Read, 40, 4, new byte[4 * Sector]);
        _bench.Run();

        Assert.That((write.Status, read.Status), Is.EqualTo((BlockStatus.Ok, BlockStatus.Ok)));
        var writeLoans = _driver.Loans.Where(loan => loan.Request.Operation == BlockOperation.Write).ToList();
        Assert.That(writeLoans.Select(loan => loan.Data.Length), Is.EqualTo(new[] { 16 * Sector, 16 * Sector, 8 * Sector }),
            "lent parts are cut at the driver's lent limit, not its copying one");
        Assert.That(writeLoans.Select(loan => loan.Data.DeviceAddress),
            Is.EqualTo(new[] { 100, 100 + 16 * Sector, 100 + 32 * Sector }.Select(offset => DeviceAddressOf(data, offset))));
        Assert.That(writeLoans.Select(loan => loan.Data.Rights), Is.All.EqualTo(CapabilityRights.Read), "the device reads what is written");
        Assert.That(data.Skip(100).ToArray(), Is.EqualTo(_driver.Disk.Take(40 * Sector)));
        var readLoan = _driver.Loans.Single(loan => loan.Request.Operation == BlockOperation.Read);
        Assert.That(readLoan.Data.Rights, Is.EqualTo(CapabilityRights.Write), "the device writes what is read");
        Assert.That(_driver.Loans.Select(loan => loan.Data.Owner), Is.All.SameAs(_capabilities.Driver));
        Assert.That(_driver.Loans.Select(loan => loan.Data.IsRevoked), Is.All.True, "every loan ended with its answer");
        Assert.That(_capabilities.Driver.CapabilityCount, Is.EqualTo(0), "ended loans do not pile up in the driver's list");
    }

    // A ring of two: parts that do not fit wait, and their memory is not
    // lent meanwhile (a loan made for a refused submit is ended at once).
    [Test]
    public void OnlyPartsInTheRingHoldLoans()
    {
        _capabilities = new CapabilityBench();
        _bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 256, maxSectorsPerRequest: 8, queueDepth: 2, lender: _capabilities.Authority,
            borrower: _capabilities.Driver, maxSectorsPerLentRequest: 8));
        _bench.Run();
        _bench.Submit(BlockOperation.Read, 0, 64);
        _bench.Controller.Pump();
        Assert.That(_capabilities.Driver.Capabilities().Count(loan => !loan.IsRevoked), Is.EqualTo(2));
        _bench.Run();
        Assert.That(_capabilities.Driver.CapabilityCount, Is.EqualTo(0));
    }

    [Test]
    public void OnlyReadsAndWritesLendMemory()
    {
        _bench.Submit(BlockOperation.GetId, 0, 0, new byte[20]);
        _bench.Submit(BlockOperation.Flush, 0, 0, null!);
        _bench.Submit(BlockOperation.WriteZeroes, 0, 4, null!);
        _bench.Submit(BlockOperation.Discard, 8, 4, null!);
        _bench.Run();

        Assert.That(_bench.Completed, Has.Count.EqualTo(4));
        Assert.That(_driver.Executed.Select(request => request.Operation), Does.Contain(BlockOperation.WriteZeroes).And.Contain(BlockOperation.Discard));
        Assert.That(_driver.Executed.Select(request => request.Data), Is.All.Null);
    }

    [Test]
    public void PartsLentToACrashedIncarnationWaitUntilItsDeviceIsStoppedThenGoOnWithNewLoans()
    {
        byte[] data = new byte[32 * Sector];
        BlockRequest write = _bench.Submit(BlockOperation.Write, 0, 32, data);
        _controller.Pump();
        _driver.Serve();           // Identify
        _controller.Pump();
        Assert.That(_driver.Take(), Is.EqualTo(2));
        DmaBuffer[] firstLoans = _capabilities.Driver.Capabilities().ToArray();
        Assert.That(firstLoans, Has.Length.EqualTo(2));

        _driver.EndedDeviceStopped = false;
        _driver.Crash();
        _driver.Restart();
        _bench.Run();

        Assert.That(firstLoans.Select(loan => loan.IsRevoked), Is.All.True, "the ended incarnation's loans are revoked at once");
        Assert.That(_controller.Parked, Is.EqualTo(2));
        Assert.That(_bench.Completed, Is.Empty, "the client's memory is not handed on while the old device may still use it");
        Assert.That(_driver.Loans, Is.Empty);

        _driver.EndedDeviceStopped = true;
        _bench.Run();

        Assert.That(write.Status, Is.EqualTo(BlockStatus.Ok));
        Assert.That(_controller.Parked, Is.EqualTo(0));
        Assert.That(_driver.Loans.Select(loan => loan.Data), Has.None.AnyOf(firstLoans), "replays carry new loans");
        Assert.That(_driver.Loans.Select(loan => loan.Data.DeviceAddress), Is.EqualTo(new[] { DeviceAddressOf(data, 0), DeviceAddressOf(data, 16 * Sector) }));
        Assert.That(write.Replays, Is.EqualTo(1));
    }
}

internal static class CapabilityOwnerListing
{
    public static IEnumerable<DmaBuffer> Capabilities(this CapabilityOwner owner) =>
        Enumerable.Range(0, owner.CapabilityCount).Select(owner.CapabilityAt).OfType<DmaBuffer>();
}
