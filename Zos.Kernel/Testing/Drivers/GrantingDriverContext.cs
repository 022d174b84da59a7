using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Kernel.Drivers;

namespace Zos.Kernel.Testing.Drivers
{
    // A DriverContext for in-kernel tests that run driver code on a device no
    // driver is bound to: requests go through the kernel's grant policy
    // (DeviceGrants) and turn on the decode a BAR needs, as the driver host's
    // context does, without a fault domain or supervisor behind it. Fail throws.
    public sealed class GrantingDriverContext : DriverContext
    {
        private readonly DeviceGrants _grants;
        private readonly DeviceResources _device;

        public GrantingDriverContext(DeviceGrants grants, DeviceResources device)
        {
            _grants = grants;
            _device = device;
        }

        public override string DeviceName => _device.Name;
        public override bool StopRequested => false;
        public override InjectedFault TakeInjectedFault() => InjectedFault.None;

        public override CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports)
        {
            CapabilityDenial denial = _grants.RequestIoPorts(bar, rights, out ports);
            if (denial is null) PciCommandRegister.EnableIoDecode(Platform.PciDevices.Config, _device.Function.Address);
            return denial;
        }

        public override CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region)
        {
            CapabilityDenial denial = _grants.RequestMmio(bar, rights, out region);
            if (denial is null) PciCommandRegister.EnableMemoryDecode(Platform.PciDevices.Config, _device.Function.Address);
            return denial;
        }

        public override CapabilityDenial RequestIrq(CapabilityRights rights, out Irq irq) => _grants.RequestIrq(rights, out irq);

        public override CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool) =>
            _grants.RequestDmaPool(bytes, deviceAddressLimit, rights, out pool);

        public override CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function) =>
            _grants.RequestPciFunction(rights, out function);

        public override void Heartbeat() { }
        public override void ReportProgress(string status) { }
        public override void Fail(string reason) => throw new System.InvalidOperationException(reason);
    }
}
