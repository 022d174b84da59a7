using System.Reflection;
using Zos.Drivers.Nvme;
using Zos.Hal.Drivers;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Tests.Host.Nvme;

namespace Zos.Tests.Host.Hosting;

// The kernel's [StopsDevice] step, performed with the NVMe driver's own
// declaration on the simulated controller (NVMe 1.4, 7.3.2: CC.EN 1 -> 0
// resets the controller, CSTS.RDY follows).
public class DeviceStopTests
{
    private static readonly StopsDeviceAttribute NvmeStop = typeof(NvmeDriver).GetCustomAttribute<StopsDeviceAttribute>()!;

    // Each reading of the clock lets a millisecond of the controller's time pass.
    private sealed class ControllerTime(SimulatedNvmeController controller) : IMonotonicClock
    {
        public ulong NowNanoseconds
        {
            get
            {
                controller.Advance(1);
                return (ulong)controller.Now * 1_000_000UL;
            }
        }
    }

    private static NvmeRig RunningController(int readyMilliseconds)
    {
        var rig = new NvmeRig();
        Assert.That(rig.BringUp(), Is.Null);
        Assert.That(rig.Sim.Ready, Is.True);
        rig.Sim.ReadyMilliseconds = readyMilliseconds;
        return rig;
    }

    [Test]
    public void TheNvmeDeclarationResetsTheControllerAndWaitsUntilItIsNoLongerReady()
    {
        NvmeRig rig = RunningController(readyMilliseconds: 5);

        string? problem = DeviceStop.Perform(NvmeStop, rig.Bar, NvmeRig.GrantedBytes, new ControllerTime(rig.Sim), out string? done);

        Assert.That(problem, Is.Null);
        Assert.That(rig.Sim.Resets, Is.EqualTo(1), "CC.EN went from 1 to 0");
        Assert.That(rig.Sim.Ready, Is.False);
        Assert.That(rig.Sim.Violations, Is.Empty);
        Assert.That(done, Does.StartWith("wrote 0x0 to BAR 0 + 0x14; BAR 0 + 0x1c & 0x1 read 0x0 after "));
        Assert.That(long.Parse(done!.Split(" after ")[1].Split(' ')[0]), Is.InRange(5000, 7000), "it waited for RDY, not longer");
    }

    [Test]
    public void ADeviceThatDoesNotStopInTimeIsReportedWithWhatWasRead()
    {
        NvmeRig rig = RunningController(readyMilliseconds: 1000);
        var impatient = new StopsDeviceAttribute(NvmeStop.Bar, NvmeStop.Register, NvmeStop.Value)
        {
            StoppedRegister = NvmeStop.StoppedRegister, StoppedMask = NvmeStop.StoppedMask, StoppedValue = NvmeStop.StoppedValue,
            TimeoutMilliseconds = 20,
        };

        string? problem = DeviceStop.Perform(impatient, rig.Bar, NvmeRig.GrantedBytes, new ControllerTime(rig.Sim), out string? done);

        Assert.That(done, Is.Null);
        Assert.That(problem, Is.EqualTo("wrote 0x0 to BAR 0 + 0x14; BAR 0 + 0x1c & 0x1 read 0x1, not 0x0, after 20 ms"));
        Assert.That(rig.Sim.Now, Is.LessThan(100), "it gave up at its timeout");
    }

    [Test]
    public void AWriteWithoutAWaitIsAllThatIsDone()
    {
        NvmeRig rig = RunningController(readyMilliseconds: 1000);

        string? problem = DeviceStop.Perform(new StopsDeviceAttribute(0, NvmeStop.Register, 0), rig.Bar, NvmeRig.GrantedBytes,
            new ControllerTime(rig.Sim), out string? done);

        Assert.That((problem, done), Is.EqualTo(((string?)null, "wrote 0x0 to BAR 0 + 0x14")));
        Assert.That(rig.Sim.Resets, Is.EqualTo(1));
        Assert.That(rig.Sim.Ready, Is.True, "nothing waited for the reset to finish");
    }

    [Test]
    public void RegistersBeyondWhatTheKernelMayReachAreRefusedBeforeAnythingIsWritten()
    {
        NvmeRig rig = RunningController(readyMilliseconds: 0);
        var beyond = new StopsDeviceAttribute(0, NvmeStop.Register, 0) { StoppedRegister = (int)NvmeRig.GrantedBytes, StoppedMask = 1 };

        string? problem = DeviceStop.Perform(beyond, rig.Bar, NvmeRig.GrantedBytes, new ControllerTime(rig.Sim), out _);

        Assert.That(problem, Is.EqualTo("register 0x2000 lies beyond the 0x2000 bytes of BAR 0 the kernel may reach"));
        Assert.That(rig.Sim.Resets, Is.Zero, "the stop write was not made either");
        Assert.That(DeviceStop.Perform(NvmeStop, null!, 0, new ControllerTime(rig.Sim), out _), Is.EqualTo("BAR 0 is not mapped"));
    }
}
