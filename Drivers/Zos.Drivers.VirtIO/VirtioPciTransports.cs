using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Drivers.VirtIO
{
    // Opens the interface a virtio PCI device offers, through the driver's
    // capabilities only: its configuration space (read) for the capability
    // list, then the modern structures' memory BARs when it has virtio
    // capabilities (4.1.4), else the legacy I/O BAR 0 of a transitional
    // device (4.1.5.1.1.1). A transitional device whose modern structures
    // cannot be used (a BAR the driver is not granted, say one the firmware
    // put out of reach) falls back to its legacy BAR, and the transport says
    // why (VirtioTransport.FallbackReason). The manifest must declare
    // NeedsPciConfig and the BARs: for QEMU's virtio-pci, [NeedsIoPorts(0)] and [NeedsMmio(4)].
    public static class VirtioPciTransports
    {
        public const int LegacyBar = 0;

        // Null and the transport, or what is wrong (for context.Fail).
        public static string Open(DriverContext context, out VirtioTransport transport)
        {
            transport = null;
            CapabilityDenial denial = context.RequestPciFunction(CapabilityRights.Read, out PciFunctionCapability function);
            if (denial is not null) return Named(context, "PCI configuration space: " + denial.ToString());
            VirtioPciLayout layout = VirtioPciLayout.Read(function, out string error);
            if (layout is null) return Named(context, error);
            string modernError = null;
            if (layout.HasModernStructures)
            {
                modernError = VirtioPciModernTransport.Open(new VirtioPciBars(context), layout, out transport);
                if (modernError is null || !layout.Transitional) return Named(context, modernError);
            }
            else if (!layout.Transitional)
                return Named(context, "modern-only virtio device 1af4:" + layout.DeviceId.ToString("x4") + " has no virtio structure capabilities");
            denial = context.RequestIoPorts(LegacyBar, CapabilityRights.ReadWrite, out IoPortRange ports);
            if (denial is not null)
                return Named(context, (modernError is null ? "" : modernError + "; and the ") + "legacy virtio registers in BAR 0: " + denial.ToString());
            string legacyError = VirtioPciLegacyTransport.Open(ports, function, layout, out transport);
            if (transport is not null) transport.FallbackReason = modernError;
            return Named(context, legacyError);
        }

        private static string Named(DriverContext context, string error) => error is null ? null : "virtio " + context.DeviceName + ": " + error;
    }
}
