using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // A driver's manifest as data: its name, what it drives, what it needs
    // and its memory quota.
    // Built from the class's attributes (FromAttributes: on the host by
    // reflection, in the kernel from the attribute objects the generated
    // catalog makes); the kernel matches devices with it and grants exactly the
    // resources it lists that the device has.
    public sealed class DriverManifest
    {
        public const int BarCount = 6;
        public const ulong DefaultMemoryQuotaBytes = 1UL << 20;

        private readonly PciMatch[] _matches;
        private readonly ResourceNeed[] _needs;

        public DriverManifest(string name, string driverType, PciMatch[] matches, ResourceNeed[] needs,
            ulong memoryQuotaBytes = DefaultMemoryQuotaBytes, string instancePrefix = null)
        {
            Name = name;
            InstancePrefix = instancePrefix;
            MemoryQuotaBytes = memoryQuotaBytes;
            DriverType = driverType;
            _matches = matches;
            _needs = needs;
        }

        public string Name { get; }
        // [Driver(InstancePrefix = ...)], or null.
        public string InstancePrefix { get; }
        // The managed heap an instance may hold ([NeedsMemory]).
        public ulong MemoryQuotaBytes { get; }
        // The driver class's full name.
        public string DriverType { get; }
        public int MatchCount => _matches.Length;

        // The name of the driver's index-th instance (counted from 0).
        public string InstanceName(int index) =>
            InstancePrefix is not null ? InstancePrefix + index.ToString() : index == 0 ? Name : Name + index.ToString();
        public PciMatch MatchAt(int index) => _matches[index];
        public int NeedCount => _needs.Length;
        public ResourceNeed NeedAt(int index) => _needs[index];

        // Whether this driver drives a function with these identifiers. Exact
        // vendor/device clauses and class clauses are equal here; the kernel
        // prefers a driver with an exact clause when several match.
        public bool Matches(ushort vendorId, ushort deviceId, byte classCode, byte subclass, byte programmingInterface)
        {
            for (int i = 0; i < _matches.Length; i++)
                if (_matches[i].Matches(vendorId, deviceId, classCode, subclass, programmingInterface)) return true;
            return false;
        }

        public bool MatchesExactly(ushort vendorId, ushort deviceId)
        {
            for (int i = 0; i < _matches.Length; i++)
                if (_matches[i].ByDevice && _matches[i].VendorId == vendorId && _matches[i].DeviceId == deviceId) return true;
            return false;
        }

        // The need for this kind (and BAR, for ports and MMIO), if the manifest declares it.
        public bool TryGetNeed(ResourceKind kind, int bar, out ResourceNeed need)
        {
            for (int i = 0; i < _needs.Length; i++)
                if (_needs[i].Kind == kind && (_needs[i].Bar == bar || (kind != ResourceKind.IoPorts && kind != ResourceKind.Mmio)))
                {
                    need = _needs[i];
                    return true;
                }
            need = default;
            return false;
        }

        // Reads a driver class's manifest attributes; null with the reason when
        // they are incomplete or contradictory.
        public static DriverManifest FromAttributes(string driverType, object[] attributes, out string error)
        {
            string name = null, instancePrefix = null;
            ulong memoryQuota = DefaultMemoryQuotaBytes;
            int matchCount = 0, needCount = 0;
            for (int i = 0; i < attributes.Length; i++)
            {
                object attribute = attributes[i];
                if (attribute is DriverAttribute driver)
                {
                    name = driver.Name;
                    instancePrefix = driver.InstancePrefix;
                }
                else if (attribute is NeedsMemoryAttribute memory) memoryQuota = memory.Bytes;
                else if (attribute is DrivesPciDeviceAttribute || attribute is DrivesPciClassAttribute) matchCount++;
                else if (attribute is NeedsIoPortsAttribute || attribute is NeedsMmioAttribute || attribute is NeedsIrqAttribute
                    || attribute is NeedsDmaAttribute || attribute is NeedsPciConfigAttribute) needCount++;
            }
            if (name is null || name.Length == 0)
                return Invalid(driverType, "has no [Driver(name)]", out error);
            if (matchCount == 0)
                return Invalid(driverType, "drives nothing: add [DrivesPciDevice] or [DrivesPciClass]", out error);
            if (memoryQuota == 0)
                return Invalid(driverType, "asks for no memory at all: [NeedsMemory] takes the quota in bytes", out error);

            var matches = new PciMatch[matchCount];
            var needs = new ResourceNeed[needCount];
            int m = 0, n = 0;
            for (int i = 0; i < attributes.Length; i++)
            {
                object attribute = attributes[i];
                if (attribute is DrivesPciDeviceAttribute device) matches[m++] = PciMatch.Device(device.VendorId, device.DeviceId);
                else if (attribute is DrivesPciClassAttribute pciClass)
                {
                    if (pciClass.ProgrammingInterface < -1 || pciClass.ProgrammingInterface > 255)
                        return Invalid(driverType, "programming interface " + pciClass.ProgrammingInterface.ToString() + " is not 0-255 or -1", out error);
                    matches[m++] = PciMatch.Class(pciClass.ClassCode, pciClass.Subclass, pciClass.ProgrammingInterface);
                }
                else if (attribute is NeedsIoPortsAttribute ports)
                    needs[n++] = new ResourceNeed(ResourceKind.IoPorts, ports.Bar, ports.Rights, 0, 0, MmioCaching.Uncached);
                else if (attribute is NeedsMmioAttribute mmio)
                    needs[n++] = new ResourceNeed(ResourceKind.Mmio, mmio.Bar, mmio.Rights, 0, 0, mmio.Caching);
                else if (attribute is NeedsIrqAttribute irq)
                    needs[n++] = new ResourceNeed(ResourceKind.Irq, -1, irq.Rights, 0, 0, MmioCaching.Uncached);
                else if (attribute is NeedsDmaAttribute dma)
                {
                    if (dma.Bytes == 0 || dma.DeviceAddressLimit == 0)
                        return Invalid(driverType, "asks for an empty DMA pool or a zero address limit", out error);
                    needs[n++] = new ResourceNeed(ResourceKind.Dma, -1, dma.Rights, dma.Bytes, dma.DeviceAddressLimit, MmioCaching.Uncached);
                }
                else if (attribute is NeedsPciConfigAttribute config)
                    needs[n++] = new ResourceNeed(ResourceKind.PciConfig, -1, config.Rights, 0, 0, MmioCaching.Uncached);
            }
            for (int i = 0; i < needs.Length; i++)
            {
                ResourceNeed need = needs[i];
                bool byBar = need.Kind == ResourceKind.IoPorts || need.Kind == ResourceKind.Mmio;
                if (byBar && (need.Bar < 0 || need.Bar >= BarCount))
                    return Invalid(driverType, "names BAR " + need.Bar.ToString() + "; BARs are 0-5", out error);
                for (int j = 0; j < i; j++)
                    if (byBar ? (needs[j].Kind == ResourceKind.IoPorts || needs[j].Kind == ResourceKind.Mmio) && needs[j].Bar == need.Bar
                              : needs[j].Kind == need.Kind)
                        return Invalid(driverType, byBar ? "names BAR " + need.Bar.ToString() + " twice" : "declares a resource twice", out error);
            }
            error = null;
            return new DriverManifest(name, driverType, matches, needs, memoryQuota, instancePrefix);
        }

        private static DriverManifest Invalid(string driverType, string problem, out string error)
        {
            error = "driver " + driverType + " " + problem;
            return null;
        }
    }
}
