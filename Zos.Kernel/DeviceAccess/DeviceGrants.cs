using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;

namespace Zos.Kernel.DeviceAccess
{
    // The grant policy for one driver instance: a request is granted only when
    // its manifest declares it, with at most the declared rights (and DMA bytes
    // and address limit), and the device has the resource; the grant is carved
    // from the device's root. Anything else is denied with the reason, counted
    // and logged by the authority. Portable: host tests run it over simulated
    // hardware; the kernel's DriverContext adds the device side (decode, bus
    // mastering), except for interrupts, which DeviceInterrupts enables.
    public sealed class DeviceGrants
    {
        private readonly CapabilityAuthority _authority;
        private readonly DriverManifest _manifest;
        private readonly DeviceResources _device;
        private readonly CapabilityOwner _owner;

        public DeviceGrants(CapabilityAuthority authority, DriverManifest manifest, DeviceResources device, CapabilityOwner owner)
        {
            _authority = authority;
            _manifest = manifest;
            _device = device;
            _owner = owner;
        }

        public CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports)
        {
            ports = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.IoPorts, bar, rights, "I/O ports of BAR " + bar.ToString(), out _);
            if (denial is not null) return denial;
            IoPortRange root = _device.PortRoot(bar);
            if (root is null) return Deny(DenialReason.NotPermitted, _device.WhyNoPorts(bar));
            return _authority.Grant(root, _owner, 0, root.Length, rights, out ports);
        }

        public CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region)
        {
            region = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.Mmio, bar, rights, "MMIO of BAR " + bar.ToString(), out _);
            if (denial is not null) return denial;
            MmioRegion root = _device.MmioRoot(bar);
            if (root is null) return Deny(DenialReason.NotPermitted, _device.WhyNoMmio(bar));
            return _authority.Grant(root, _owner, 0, _device.GrantableMmio(bar), rights, out region);
        }

        // entry: the MSI-X table entry (0 for MSI or INTx). A grant also enables
        // the interrupt at the device (DeviceInterrupts).
        public CapabilityDenial RequestIrq(int entry, CapabilityRights rights, out Irq irq)
        {
            irq = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.Irq, -1, rights, "the interrupt", out _);
            if (denial is not null) return denial;
            return _device.Interrupts.Grant(_owner, entry, rights, out irq);
        }

        public CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function)
        {
            function = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.PciConfig, -1, rights, "the PCI configuration space", out _);
            if (denial is not null) return denial;
            return _authority.Grant(_device.PciRoot, _owner, rights, out function);
        }

        // The pools of one incarnation together stay within the manifest's bytes.
        public CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool)
        {
            pool = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.Dma, -1, rights, "DMA memory", out ResourceNeed need);
            if (denial is not null) return denial;
            ulong held = DmaBytesHeld();
            if (bytes > need.Bytes || held > need.Bytes - bytes)
                return Deny(DenialReason.QuotaExceeded, bytes.ToString() + " DMA bytes asked, " + held.ToString() + " held, the manifest of "
                    + _manifest.Name + " declares " + need.Bytes.ToString());
            if (deviceAddressLimit > need.DeviceAddressLimit)
                return Deny(DenialReason.NotPermitted, "DMA below 0x" + deviceAddressLimit.ToString("x") + " asked, the manifest of "
                    + _manifest.Name + " declares below 0x" + need.DeviceAddressLimit.ToString("x"));
            return _authority.GrantDmaPool(_owner, bytes, deviceAddressLimit, rights, out pool);
        }

        private CapabilityDenial CheckNeed(ResourceKind kind, int bar, CapabilityRights rights, string what, out ResourceNeed need)
        {
            if (!_manifest.TryGetNeed(kind, bar, out need))
                return Deny(DenialReason.NotPermitted, "the manifest of " + _manifest.Name + " does not declare " + what);
            if ((rights & ~need.Rights) != 0)
                return Deny(DenialReason.RightsExceeded, what + ": asked for " + CapabilityText.Of(rights) + ", the manifest of "
                    + _manifest.Name + " declares " + CapabilityText.Of(need.Rights));
            return null;
        }

        private ulong DmaBytesHeld()
        {
            ulong held = 0;
            for (int i = 0; i < _owner.CapabilityCount; i++)
                if (_owner.CapabilityAt(i) is DmaPool pool && pool.IsQuotaRoot && pool.IsValid) held += pool.Bytes;
            return held;
        }

        private CapabilityDenial Deny(DenialReason reason, string message) => _authority.Deny(_owner, null, reason, message);
    }
}
