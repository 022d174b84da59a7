using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Testing;

// The DriverContext a driver gets in a host test: grants from its SimulatedPciDevice, a clock the test
// moves (Sleep moves it too, so a driver waiting on its device does not wait in real time), the
// driver's reports kept for the test, and Fail as an exception (a driver that fails stops there).
public sealed class SimulatedDriverContext(SimulatedPciDevice device) : DriverContext
{
    public override string DeviceName => device.DeviceName;
    public ulong Now { get; set; }
    public override ulong NowMilliseconds => Now;
    public bool Stop { get; set; }
    // Asks the driver to stop once it has sent this many heartbeats (one per turn of a typical Run loop).
    public int StopAfterHeartbeats { get; set; } = int.MaxValue;
    public override bool StopRequested => Stop || Heartbeats >= StopAfterHeartbeats;
    public int Heartbeats { get; private set; }
    // What the driver last reported (DriverContext.ReportProgress), as `drivers` would show it.
    public string? Status { get; private set; }
    // The fault the driver is to commit next (the shell's `inject`).
    public InjectedFault Injected { get; set; }

    public override CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports) => device.Grant(bar, rights, out ports);
    public override CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region) => device.Grant(bar, rights, out region);
    public override CapabilityDenial RequestIrq(int entry, CapabilityRights rights, out Irq irq) => device.Grant(rights, out irq);
    public override int IrqEntryCount => 1;
    public override CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool) =>
        device.Grant(bytes, deviceAddressLimit, rights, out pool);
    public override CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function) => device.Grant(rights, out function);

    public override CapabilityDenial RequestFixedIoPorts(ushort firstPort, int count, CapabilityRights rights, out IoPortRange ports)
    {
        ports = null!;
        return device.Deny("a PCI function has no fixed ports");
    }

    public override CapabilityDenial RequestIsaIrq(int irq, CapabilityRights rights, out Irq interrupt)
    {
        interrupt = null!;
        return device.Deny("a PCI function has no ISA interrupt");
    }

    public override void Heartbeat() => Heartbeats++;
    public override void Sleep(int milliseconds) => Now += (ulong)milliseconds;
    public override void ReportProgress(string status) => Status = status;
    public override void Fail(string reason) => throw new DriverFailedException(reason);

    public override InjectedFault TakeInjectedFault()
    {
        InjectedFault fault = Injected;
        Injected = InjectedFault.None;
        return fault;
    }
}

// A driver gave up (DriverContext.Fail): in Zos its domain ends and the supervisor restarts it.
public sealed class DriverFailedException(string reason) : Exception("the driver failed: " + reason)
{
    public string Reason { get; } = reason;
}
