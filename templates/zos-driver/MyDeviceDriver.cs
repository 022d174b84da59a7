using Zos.Drivers;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Drivers.MyDevice
{
    // One request on the driver's channel: read the 32-bit register at Offset of BAR 0. Tag comes back in
    // the completion, so a client can tell its answers apart.
    public struct MyDeviceRequest
    {
        public int Tag;
        public uint Offset;
    }

    public struct MyDeviceCompletion
    {
        public int Tag;
        public bool Ok;
        public uint Value;
    }

    // The manifest says what the driver binds to and what it may be granted; the kernel grants nothing else.
    [Driver("mydevice")]
    [DrivesPciDevice(0x1234, 0x11e8)]
    [NeedsMmio(0)]
    [NeedsIrq]
    [Channel(8)]
    [Restarts(RestartPolicyKind.OnFailure)]
    public sealed class MyDeviceDriver : Driver
    {
        private const int WaitSliceMilliseconds = 20;

        private readonly DriverChannel<MyDeviceRequest, MyDeviceCompletion> _channel;
        private MmioRegion _registers;
        private Irq _irq;

        public MyDeviceDriver(DriverChannel<MyDeviceRequest, MyDeviceCompletion> channel)
        {
            _channel = channel;
        }

        // Ask for what the manifest declares; a denial is a reason to give up.
        public override void Initialize(DriverContext context)
        {
            CapabilityDenial denial = context.RequestMmio(0, CapabilityRights.ReadWrite, out _registers);
            if (denial is not null) context.Fail("BAR 0: " + denial.ToString());
            denial = context.RequestIrq(CapabilityRights.Wait | CapabilityRights.Acknowledge, out _irq);
            if (denial is not null) context.Fail("interrupt: " + denial.ToString());
        }

        // Make sure the device is the one expected; what it reports shows in `drivers`.
        public override void Probe(DriverContext context)
        {
            uint identification = _registers.Read32(0);
            context.ReportProgress("mydevice on " + context.DeviceName + ": register 0 reads 0x" + identification.ToString("x8"));
        }

        // Serve requests until the kernel asks the driver to stop; heartbeat while doing so.
        public override void Run(DriverContext context)
        {
            while (!context.StopRequested)
            {
                context.Heartbeat();
                InjectedFault fault = context.TakeInjectedFault();
                if (fault != InjectedFault.None) FaultInjection.Commit(fault, context, ReadPastBar0, () => _irq.Wait(WaitSliceMilliseconds));
                while (_channel.TryTakeRequest(out MyDeviceRequest request)) _channel.TryComplete(Serve(request));
                _channel.WaitForRequest(WaitSliceMilliseconds);
            }
        }

        private MyDeviceCompletion Serve(in MyDeviceRequest request)
        {
            if (request.Offset > _registers.Size - 4 || (request.Offset & 3) != 0)
                return new MyDeviceCompletion { Tag = request.Tag, Ok = false };
            return new MyDeviceCompletion { Tag = request.Tag, Ok = true, Value = _registers.Read32(request.Offset) };
        }

        // For `inject <driver> mmio`: one register past the grant, a capability violation.
        private void ReadPastBar0() => _registers.Read32(_registers.Size);
    }
}
