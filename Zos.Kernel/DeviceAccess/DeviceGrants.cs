using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;

namespace Zos.Kernel.DeviceAccess
{
    // The grant policy for one driver instance: a request is granted only when
    // its manifest declares it, with at most the declared rights (and DMA bytes
    // and address limit), and the device has the resource; the grant is carved
    // from the device's root. The device is a PCI function (BARs, its
    // interrupts, configuration space, DMA) or a platform device (fixed ports,
    // ISA interrupts); asking one for the other kind's resources is denied.
    // Anything else is denied with the reason, counted and logged by the
    // authority. Portable: host tests run it over simulated hardware; the
    // kernel's DriverContext adds the device side (decode, bus mastering),
    // except for interrupts, which DeviceInterrupts and PlatformDeviceResources enable.
    public sealed class DeviceGrants
    {
        private readonly CapabilityAuthority _authority;
        private readonly DriverManifest _manifest;
        private readonly DeviceResources _device;
        private readonly PlatformDeviceResources _platform;
        private readonly CapabilityOwner _owner;

        public DeviceGrants(CapabilityAuthority authority, DriverManifest manifest, DeviceResources device, CapabilityOwner owner)
        {
            _authority = authority;
            _manifest = manifest;
            _device = device;
            _owner = owner;
        }

        public DeviceGrants(CapabilityAuthority authority, DriverManifest manifest, PlatformDeviceResources platform, CapabilityOwner owner)
        {
            _authority = authority;
            _manifest = manifest;
            _platform = platform;
            _owner = owner;
        }

        public CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports)
        {
            ports = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.IoPorts, bar, rights, "I/O ports of BAR " + bar.ToString(), out _) ?? PciOnly();
            if (denial is not null) return denial;
            IoPortRange root = _device.PortRoot(bar);
            if (root is null) return Deny(DenialReason.NotPermitted, _device.WhyNoPorts(bar));
            return _authority.Grant(root, _owner, 0, root.Length, rights, out ports);
        }

        public CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region)
        {
            region = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.Mmio, bar, rights, "MMIO of BAR " + bar.ToString(), out _) ?? PciOnly();
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
            CapabilityDenial denial = CheckNeed(ResourceKind.Irq, -1, rights, "the interrupt", out _) ?? PciOnly();
            if (denial is not null) return denial;
            return _device.Interrupts.Grant(_owner, entry, rights, out irq);
        }

        public CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function)
        {
            function = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.PciConfig, -1, rights, "the PCI configuration space", out _) ?? PciOnly();
            if (denial is not null) return denial;
            return _authority.Grant(_device.PciRoot, _owner, rights, out function);
        }

        // The pools of one incarnation together stay within the manifest's bytes.
        public CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool)
        {
            pool = null;
            CapabilityDenial denial = CheckNeed(ResourceKind.Dma, -1, rights, "DMA memory", out ResourceNeed need) ?? PciOnly();
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

        // A platform device's ports at their fixed addresses, inside one range of the manifest and one of the device.
        public CapabilityDenial RequestFixedIoPorts(int firstPort, int count, CapabilityRights rights, out IoPortRange ports)
        {
            ports = null;
            string what = PlatformDeviceResources.PortsText(firstPort, count);
            CapabilityDenial denial = Check(_manifest.TryGetFixedPorts(firstPort, count, out ResourceNeed need), need, rights, what) ?? PlatformOnly();
            if (denial is not null) return denial;
            IoPortRange root = _platform.PortRoot(firstPort, count, out string problem);
            if (root is null) return Deny(DenialReason.NotPermitted, problem);
            return _authority.Grant(root, _owner, firstPort - root.Base, count, rights, out ports);
        }

        // A platform device's ISA interrupt; a grant also attaches its line.
        public CapabilityDenial RequestIsaIrq(int irq, CapabilityRights rights, out Irq interrupt)
        {
            interrupt = null;
            CapabilityDenial denial = Check(_manifest.TryGetIsaIrq(irq, out ResourceNeed need), need, rights, "ISA IRQ " + irq.ToString())
                ?? PlatformOnly();
            if (denial is not null) return denial;
            return _platform.GrantIsaIrq(_owner, irq, rights, out interrupt);
        }

        private CapabilityDenial CheckNeed(ResourceKind kind, int bar, CapabilityRights rights, string what, out ResourceNeed need) =>
            Check(_manifest.TryGetNeed(kind, bar, out need), need, rights, what);

        private CapabilityDenial Check(bool declared, in ResourceNeed need, CapabilityRights rights, string what)
        {
            if (!declared)
                return Deny(DenialReason.NotPermitted, "the manifest of " + _manifest.Name + " does not declare " + what);
            if ((rights & ~need.Rights) != 0)
                return Deny(DenialReason.RightsExceeded, what + ": asked for " + CapabilityText.Of(rights) + ", the manifest of "
                    + _manifest.Name + " declares " + CapabilityText.Of(need.Rights));
            return null;
        }

        // A manifest that declares a resource of the other kind of device (built
        // by hand: FromAttributes refuses one) still gets nothing.
        private CapabilityDenial PciOnly() =>
            _device is not null ? null : Deny(DenialReason.NotPermitted, _platform.Name + " is a platform device: it has no BARs, PCI interrupt, configuration space or DMA");

        private CapabilityDenial PlatformOnly() =>
            _platform is not null ? null : Deny(DenialReason.NotPermitted, _device.Name + " is a PCI function: its ports are its BARs and its interrupt its own");

        private ulong DmaBytesHeld()
        {
            // Under the authority's lock: the block service lends buffers to the same owner from other threads.
            ulong held = 0;
            foreach (Capability capability in _authority.CapabilitiesOf(_owner))
                if (capability is DmaPool pool && pool.IsQuotaRoot && pool.IsValid) held += pool.Bytes;
            return held;
        }

        private CapabilityDenial Deny(DenialReason reason, string message) => _authority.Deny(_owner, null, reason, message);
    }
}
