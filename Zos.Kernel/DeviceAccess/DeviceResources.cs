using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Memory;
using Zos.Hal.Pci;

namespace Zos.Kernel.DeviceAccess
{
    // What one PCI function has, declared once at boot as root capabilities
    // owned by the kernel: an I/O port or MMIO root per implemented BAR, its
    // configuration space, and its interrupts (DeviceInterrupts, whose roots
    // are made at their first request). Its driver's grants are carved from
    // these roots, so a driver can never be granted anything its device does
    // not have. For what it lacks, Why* says why, for the denial.
    // The MSI-X table and pending bits are the kernel's: a driver's grant of
    // their BAR ends where the first of them starts (registers after them are
    // out of its reach), and a BAR where they start at offset 0 is not granted.
    public sealed class DeviceResources
    {
        private readonly IoPortRange[] _ports = new IoPortRange[DriverManifest.BarCount];
        private readonly MmioRegion[] _mmio = new MmioRegion[DriverManifest.BarCount];
        private readonly ulong[] _grantable = new ulong[DriverManifest.BarCount];
        private readonly string[] _barProblems = new string[DriverManifest.BarCount];

        private DeviceResources(PciFunctionInfo function)
        {
            Function = function;
            Name = function.Address.ToString() + " " + function.VendorId.ToString("x4") + ":" + function.DeviceId.ToString("x4");
        }

        public PciFunctionInfo Function { get; }
        // "00:04.0 1234:11e8".
        public string Name { get; }
        public DeviceInterrupts Interrupts { get; private set; }
        public PciFunctionCapability PciRoot { get; private set; }

        // functionConfig: the function's own configuration space, for its capability;
        // config, routing, memory: what its interrupts are set up through (memory reaches the MSI-X table).
        public static DeviceResources Declare(CapabilityAuthority authority, PciFunctionInfo function, PciConfigFunction functionConfig,
            PciConfigSpace config, InterruptRouting routing, PhysicalMemory memory)
        {
            var device = new DeviceResources(function);
            for (int slot = 0; slot < DriverManifest.BarCount; slot++) device._barProblems[slot] = device.Name + " has no BAR " + slot.ToString();
            for (int i = 0; i < function.Bars.Length; i++) device.DeclareBar(authority, memory, function.Bars[i]);
            device.Interrupts = new DeviceInterrupts(authority, config, function, routing, memory, device.Name);
            device.PciRoot = authority.DeclarePciFunction(functionConfig);
            return device;
        }

        public IoPortRange PortRoot(int bar) => InRange(bar) ? _ports[bar] : null;
        // The memory BAR's root; null when there is none or it starts with the MSI-X structures.
        public MmioRegion MmioRoot(int bar) => InRange(bar) && _grantable[bar] > 0 ? _mmio[bar] : null;
        // Bytes of the BAR a driver may be granted, from offset 0: all of it, or up to the MSI-X structures.
        public ulong GrantableMmio(int bar) => InRange(bar) ? _grantable[bar] : 0;

        public string WhyNoPorts(int bar)
        {
            if (!InRange(bar)) return "BAR " + bar.ToString() + " does not exist (BARs are 0-5)";
            return _mmio[bar] is not null ? "BAR " + bar.ToString() + " of " + Name + " decodes memory, not I/O ports" : _barProblems[bar];
        }

        public string WhyNoMmio(int bar)
        {
            if (!InRange(bar)) return "BAR " + bar.ToString() + " does not exist (BARs are 0-5)";
            if (_ports[bar] is not null) return "BAR " + bar.ToString() + " of " + Name + " decodes I/O ports, not memory";
            if (_mmio[bar] is not null) return "BAR " + bar.ToString() + " of " + Name + " starts with the MSI-X table or pending bits, which only the kernel programs";
            return _barProblems[bar];
        }

        private void DeclareBar(CapabilityAuthority authority, PhysicalMemory memory, PciBar bar)
        {
            if (!InRange(bar.Index)) return;
            CapabilityDenial denial;
            if (bar.IsMemory)
            {
                // Wherever the firmware put it (above 4 GiB under UEFI), mapped uncached first.
                string unmappable = memory.MapDevice(bar.Address, bar.Size);
                MmioRegion region = null;
                denial = unmappable is not null ? authority.Deny(authority.Root, null, DenialReason.InvalidRequest, unmappable)
                    : authority.DeclareMmio(bar.Address, bar.Size, MmioCaching.Uncached, out region);
                _mmio[bar.Index] = region;
                _grantable[bar.Index] = MsiXStructuresStart(bar.Index, bar.Size);
            }
            else
            {
                denial = bar.Address + bar.Size > IoPortRange.PortSpace
                    ? authority.Deny(authority.Root, null, DenialReason.InvalidRequest, "ports 0x" + bar.Address.ToString("x") + " are beyond 0xffff")
                    : authority.DeclareIoPorts((ushort)bar.Address, (int)bar.Size, out _ports[bar.Index]);
            }
            _barProblems[bar.Index] = denial is null ? null : "BAR " + bar.Index.ToString() + " of " + Name + " is unusable: " + denial.ToString();
        }

        // Where the first MSI-X structure in the BAR starts (the BAR's size when none is in it).
        private ulong MsiXStructuresStart(int bar, ulong size)
        {
            PciMsiXCapability msix = Function.MsiX;
            if (msix is null) return size;
            ulong start = size;
            if (msix.TableBar == bar && msix.TableOffset < start) start = msix.TableOffset;
            if (msix.PbaBar == bar && msix.PbaOffset < start) start = msix.PbaOffset;
            return start;
        }

        private static bool InRange(int bar) => bar >= 0 && bar < DriverManifest.BarCount;
    }
}
