using Zos.Drivers.Ps2;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Ps2;

// The driver's controller over the simulated 8042 through real port
// capabilities (0x60 and 0x64, one port each, as the kernel grants them), with
// pauses that only count the milliseconds they would take.
public sealed class I8042Rig
{
    public I8042Rig()
    {
        Ports.Map(0x60, 1, Hardware.Data);
        Ports.Map(0x64, 1, Hardware.Command);
        var authority = new CapabilityAuthority(Ports, new SimulatedPhysicalMemory(), new SimulatedDmaMemory(1 << 20), 4096, 8);
        Assert.That(authority.DeclareIoPorts(0x60, 1, out IoPortRange dataRoot), Is.Null);
        Assert.That(authority.DeclareIoPorts(0x64, 1, out IoPortRange commandRoot), Is.Null);
        Assert.That(authority.Grant(dataRoot, Driver, 0, 1, CapabilityRights.ReadWrite, out IoPortRange data), Is.Null);
        Assert.That(authority.Grant(commandRoot, Driver, 0, 1, CapabilityRights.ReadWrite, out IoPortRange command), Is.Null);
        Controller = new I8042Controller(data, command, milliseconds =>
        {
            Assert.That(milliseconds, Is.GreaterThan(0), "a pause lets time pass");
            PausedMilliseconds += milliseconds;
        });
    }

    public SimulatedI8042 Hardware { get; } = new();
    public SimulatedIoPorts Ports { get; } = new() { Logging = false };
    public TestOwner Driver { get; } = new("kbd0");
    public I8042Controller Controller { get; }
    public int PausedMilliseconds { get; private set; }

    // Brought up, with what bring-up wrote forgotten.
    public I8042Rig Up()
    {
        Assert.That(Controller.BringUp(), Is.Null);
        Hardware.Written.Clear();
        return this;
    }
}
