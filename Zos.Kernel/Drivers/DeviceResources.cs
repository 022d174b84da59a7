using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;

namespace Zos.Kernel.Drivers
{
    // What one PCI function has, declared once at boot as root capabilities
    // owned by the kernel: an I/O port or MMIO root per implemented BAR, its
    // interrupt (when routed), its configuration space. Its driver's grants are
    // carved from these roots, so a driver can never be granted anything its
    // device does not have. For what it lacks, Why* says why, for the denial.
    public sealed class DeviceResources
    {
        private readonly IoPortRange[] _ports = new IoPortRange[DriverManifest.BarCount];
        private readonly MmioRegion[] _mmio = new MmioRegion[DriverManifest.BarCount];
        private readonly string[] _barProblems = new string[DriverManifest.BarCount];

        private DeviceResources(PciFunctionInfo function)
        {
            Function = function;
            Name = function.Address.ToString() + " " + function.VendorId.ToString("x4") + ":" + function.DeviceId.ToString("x4");
        }

        public PciFunctionInfo Function { get; }
        // "00:04.0 1234:11e8".
        public string Name { get; }
        public Irq IrqRoot { get; private set; }
        // Why there is no IrqRoot (null when there is one).
        public string IrqProblem { get; private set; }
        public PciFunctionCapability PciRoot { get; private set; }

        // irq: the device's interrupt as the kernel routes it, or null with irqProblem saying why there is none.
        public static DeviceResources Declare(CapabilityAuthority authority, PciFunctionInfo function, PciConfigFunction config,
            IrqSignal irq, string irqProblem)
        {
            var device = new DeviceResources(function);
            for (int slot = 0; slot < DriverManifest.BarCount; slot++) device._barProblems[slot] = device.Name + " has no BAR " + slot.ToString();
            for (int i = 0; i < function.Bars.Length; i++) device.DeclareBar(authority, function.Bars[i]);
            if (irq is not null) device.IrqRoot = authority.DeclareIrq(irq);
            else device.IrqProblem = device.Name + " has no usable interrupt: " + irqProblem;
            device.PciRoot = authority.DeclarePciFunction(config);
            return device;
        }

        public IoPortRange PortRoot(int bar) => InRange(bar) ? _ports[bar] : null;
        public MmioRegion MmioRoot(int bar) => InRange(bar) ? _mmio[bar] : null;

        public string WhyNoPorts(int bar)
        {
            if (!InRange(bar)) return "BAR " + bar.ToString() + " does not exist (BARs are 0-5)";
            return _mmio[bar] is not null ? "BAR " + bar.ToString() + " of " + Name + " decodes memory, not I/O ports" : _barProblems[bar];
        }

        public string WhyNoMmio(int bar)
        {
            if (!InRange(bar)) return "BAR " + bar.ToString() + " does not exist (BARs are 0-5)";
            return _ports[bar] is not null ? "BAR " + bar.ToString() + " of " + Name + " decodes I/O ports, not memory" : _barProblems[bar];
        }

        private void DeclareBar(CapabilityAuthority authority, PciBar bar)
        {
            if (!InRange(bar.Index)) return;
            CapabilityDenial denial;
            if (bar.IsMemory)
            {
                denial = authority.DeclareMmio(bar.Address, bar.Size, MmioCaching.Uncached, out MmioRegion region);
                _mmio[bar.Index] = region;
            }
            else
            {
                denial = bar.Address + bar.Size > IoPortRange.PortSpace
                    ? authority.Deny(authority.Root, null, DenialReason.InvalidRequest, "ports 0x" + bar.Address.ToString("x") + " are beyond 0xffff")
                    : authority.DeclareIoPorts((ushort)bar.Address, (int)bar.Size, out _ports[bar.Index]);
            }
            _barProblems[bar.Index] = denial is null ? null : "BAR " + bar.Index.ToString() + " of " + Name + " is unusable: " + denial.ToString();
        }

        private static bool InRange(int bar) => bar >= 0 && bar < DriverManifest.BarCount;
    }
}
