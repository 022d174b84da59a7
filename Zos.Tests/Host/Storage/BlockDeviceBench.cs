using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Drivers;
using Zos.Tests.Host.Supervision;

namespace Zos.Tests.Host.Storage;

// A block device over a simulated driver, with the test's side of it: submit
// requests, and pump and serve until nothing moves.
public sealed class BlockDeviceBench
{
    public BlockDeviceBench(SimulatedBlockDriver driver)
    {
        Driver = driver;
        Device = new BlockDevice("blk0", driver, Clock, new CountingDoorbell());
    }

    public SimulatedBlockDriver Driver { get; }
    public BlockDevice Device { get; }
    public VirtualClock Clock { get; } = new();
    // Completed requests, in the order their callbacks ran.
    public List<BlockRequest> Completed { get; } = new();

    public BlockRequest Submit(BlockOperation operation, ulong sector, int sectors, byte[]? buffer = null, int offset = 0)
    {
        var request = new BlockRequest(operation, sector, sectors, buffer ?? new byte[sectors * BlockDeviceInfo.SectorSize], offset, Completed.Add);
        Assert.That(Device.Submit(request), Is.Null);
        return request;
    }

    public void Run()
    {
        for (int round = 0; round < 100; round++)
        {
            Device.Pump();
            if (Driver.Serve() == 0 && Driver.Take() == 0)
            {
                Device.Pump();
                return;
            }
        }
        Assert.Fail("the device and driver did not settle");
    }
}
