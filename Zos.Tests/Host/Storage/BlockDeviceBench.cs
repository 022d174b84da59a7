using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Drivers;
using Zos.Tests.Host.Supervision;

namespace Zos.Tests.Host.Storage;

// A block controller over a simulated driver, with the test's side of it:
// the driver's units are listed at once (the first incarnation has answered
// ListUnits; Identify is asked, not answered), then submit requests, and pump
// and serve until nothing moves.
public sealed class BlockDeviceBench
{
    public BlockDeviceBench(SimulatedBlockDriver driver, string name = "blk0")
    {
        Driver = driver;
        Controller = new BlockController(name, driver, Clock, new CountingDoorbell());
        Controller.Pump();
        Driver.Serve();
        Controller.Pump();
        Assert.That(Controller.Listed, Is.True, "the driver listed its units");
    }

    public SimulatedBlockDriver Driver { get; }
    public BlockController Controller { get; }
    // The first unit's device.
    public BlockDevice Device => Controller.Device(0);
    public VirtualClock Clock { get; } = new();
    // Completed requests, in the order their callbacks ran.
    public List<BlockRequest> Completed { get; } = new();

    public BlockRequest Submit(BlockOperation operation, ulong sector, int sectors, byte[]? buffer = null, int offset = 0, BlockDevice? device = null)
    {
        var request = new BlockRequest(operation, sector, sectors, buffer ?? new byte[sectors * BlockDeviceInfo.SectorSize], offset, Completed.Add);
        Assert.That((device ?? Device).Submit(request), Is.Null);
        return request;
    }

    public void Run()
    {
        for (int round = 0; round < 100; round++)
        {
            Controller.Pump();
            if (Driver.Serve() == 0 && Driver.Take() == 0)
            {
                Controller.Pump();
                return;
            }
        }
        Assert.Fail("the device and driver did not settle");
    }
}
