using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Platform;

namespace Zos.Kernel.DeviceAccess
{
    // What one platform device has, declared once at boot as root capabilities
    // owned by the kernel: a port root per fixed port range, and its ISA
    // interrupts, each root made at its first request (when its line is first
    // attached). A driver's grants are carved from these roots, so it can never
    // be granted a port or an interrupt its device does not have, however its
    // manifest reads. An ISA device has no interrupt-disable bit the kernel
    // could set, so at recovery Disable silences it at the interrupt
    // controller: its handlers come off the lines, which stay masked when no
    // one else uses them. Portable: host tests run it over simulated routing.
    public sealed class PlatformDeviceResources
    {
        private readonly CapabilityAuthority _authority;
        private readonly InterruptRouting _routing;
        private readonly IoPortRange[] _ports;
        private readonly string[] _portProblems;
        private readonly Source[] _irqs;

        private PlatformDeviceResources(CapabilityAuthority authority, PlatformDevice device, InterruptRouting routing)
        {
            _authority = authority;
            _routing = routing;
            Device = device;
            _ports = new IoPortRange[device.PortRangeCount];
            _portProblems = new string[device.PortRangeCount];
            _irqs = new Source[device.IsaIrqCount];
        }

        public PlatformDevice Device { get; }
        // "i8042 ports 0x60,0x64 irqs 1,12".
        public string Name => Device.ToString();

        public static PlatformDeviceResources Declare(CapabilityAuthority authority, PlatformDevice device, InterruptRouting routing)
        {
            var resources = new PlatformDeviceResources(authority, device, routing);
            for (int i = 0; i < device.PortRangeCount; i++)
            {
                FixedPortRange range = device.PortRange(i);
                CapabilityDenial denial = authority.DeclareIoPorts(range.First, range.Count, out resources._ports[i]);
                if (denial is not null) resources._portProblems[i] = "ports " + range.ToString() + " of " + device.Name + " are unusable: " + denial.ToString();
            }
            return resources;
        }

        // The root of the device's range holding [first, first + count); null with the reason when it has none.
        public IoPortRange PortRoot(int first, int count, out string problem)
        {
            int range = Device.PortRangeHolding(first, count);
            if (range < 0)
            {
                problem = Device.ToString() + " has no " + PortsText(first, count);
                return null;
            }
            problem = _portProblems[range];
            return _ports[range];
        }

        // Grants the ISA interrupt to owner and attaches its line (through the
        // firmware's override); a denial says why not.
        public CapabilityDenial GrantIsaIrq(CapabilityOwner owner, int irq, CapabilityRights rights, out Irq granted)
        {
            granted = null;
            int index = IrqIndex(irq);
            if (index < 0) return _authority.Deny(owner, null, DenialReason.NotPermitted, Device.ToString() + " has no ISA IRQ " + irq.ToString());
            Source source = _irqs[index] ??= new Source();
            if (source.Root is null)
            {
                source.Signal = _routing.Line((byte)irq);
                source.Root = _authority.DeclareIrq(source.Signal);
            }
            CapabilityDenial denial = _authority.Grant(source.Root, owner, rights, out granted);
            if (denial is not null) return denial;
            string error = source.Signal.Connect();
            if (error is null) return null;
            _authority.Revoke(granted);
            granted = null;
            return _authority.Deny(owner, null, DenialReason.Unavailable, "ISA IRQ " + irq.ToString() + " of " + Device.Name + ": " + error);
        }

        // Every line of the device without the crashed driver's handler; null
        // (nothing is left that could fail: detaching always succeeds).
        public string Disable()
        {
            for (int i = 0; i < _irqs.Length; i++)
                if (_irqs[i] is not null && _irqs[i].Signal is not null) _irqs[i].Signal.Disconnect();
            return null;
        }

        // "port 0x61", "ports 0x60-0x67".
        public static string PortsText(int first, int count) => (count == 1 ? "port " : "ports ") + new FixedPortRange((ushort)first, count).ToString();

        private int IrqIndex(int irq)
        {
            for (int i = 0; i < Device.IsaIrqCount; i++)
                if (Device.IsaIrq(i) == irq) return i;
            return -1;
        }

        // One ISA interrupt: its root capability and signal once asked for.
        private sealed class Source
        {
            public Irq Root;
            public IrqSignal Signal;
        }
    }
}
