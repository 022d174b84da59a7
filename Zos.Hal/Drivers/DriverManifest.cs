using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // A driver's manifest as data: its name, what it drives (PCI functions by
    // id or class, or one platform device by name), what it needs and its
    // memory quota.
    // Built from the class's attributes (FromAttributes: on the host by
    // reflection, in the kernel from the attribute objects the generated
    // catalog makes); the kernel matches devices with it and grants exactly the
    // resources it lists that the device has.
    public sealed class DriverManifest
    {
        public const int BarCount = 6;
        public const int IsaIrqCount = 16;
        public const ulong DefaultMemoryQuotaBytes = 1UL << 20;

        private readonly PciMatch[] _matches;
        private readonly ResourceNeed[] _needs;

        public DriverManifest(string name, string driverType, PciMatch[] matches, ResourceNeed[] needs,
            ulong memoryQuotaBytes = DefaultMemoryQuotaBytes, string instancePrefix = null, string platformDevice = null,
            StopsDeviceAttribute deviceStop = null)
        {
            DeviceStop = deviceStop;
            Name = name;
            InstancePrefix = instancePrefix;
            MemoryQuotaBytes = memoryQuotaBytes;
            DriverType = driverType;
            PlatformDevice = platformDevice;
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
        // The platform device it drives ([DrivesPlatformDevice]); null for a PCI driver.
        public string PlatformDevice { get; }
        // [StopsDevice]: the register write that stops the device at a crash, or null (bus mastering off is all then).
        public StopsDeviceAttribute DeviceStop { get; }
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

        // The fixed-port need that covers [first, first + count), if the manifest declares one.
        public bool TryGetFixedPorts(int first, int count, out ResourceNeed need)
        {
            for (int i = 0; i < _needs.Length; i++)
                if (_needs[i].HoldsPorts(first, count))
                {
                    need = _needs[i];
                    return true;
                }
            need = default;
            return false;
        }

        public bool TryGetIsaIrq(int irq, out ResourceNeed need)
        {
            for (int i = 0; i < _needs.Length; i++)
                if (_needs[i].Kind == ResourceKind.IsaIrq && _needs[i].Number == irq)
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
            string name = null, instancePrefix = null, platform = null;
            StopsDeviceAttribute deviceStop = null;
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
                else if (attribute is DrivesPlatformDeviceAttribute device) platform = device.Name;
                else if (attribute is StopsDeviceAttribute stop) deviceStop = stop;
                else if (attribute is NeedsIoPortsAttribute || attribute is NeedsMmioAttribute || attribute is NeedsIrqAttribute
                    || attribute is NeedsDmaAttribute || attribute is NeedsPciConfigAttribute
                    || attribute is NeedsFixedIoPortsAttribute || attribute is NeedsIsaIrqAttribute) needCount++;
            }
            if (name is null || name.Length == 0)
                return Invalid(driverType, "has no [Driver(name)]", out error);
            if (matchCount == 0 && platform is null)
                return Invalid(driverType, "drives nothing: add [DrivesPciDevice], [DrivesPciClass] or [DrivesPlatformDevice]", out error);
            if (matchCount > 0 && platform is not null)
                return Invalid(driverType, "drives PCI devices and platform device " + platform + ": a manifest names one kind", out error);
            if (platform is not null && !PlatformDeviceNames.IsKnown(platform))
                return Invalid(driverType, "drives platform device '" + platform + "', which the kernel does not know", out error);
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
                else if (attribute is NeedsFixedIoPortsAttribute fixedPorts)
                    needs[n++] = ResourceNeed.FixedPorts(fixedPorts.FirstPort, fixedPorts.Count, fixedPorts.Rights);
                else if (attribute is NeedsIsaIrqAttribute isaIrq)
                    needs[n++] = ResourceNeed.IsaInterrupt(isaIrq.Irq, isaIrq.Rights);
            }
            for (int i = 0; i < needs.Length; i++)
            {
                string problem = Problem(needs, i, platform);
                if (problem is not null) return Invalid(driverType, problem, out error);
            }
            if (deviceStop is not null)
            {
                string problem = DeviceStopProblem(deviceStop, needs);
                if (problem is not null) return Invalid(driverType, problem, out error);
            }
            error = null;
            return new DriverManifest(name, driverType, matches, needs, memoryQuota, instancePrefix, platform, deviceStop);
        }

        // Whether the kernel can perform the stop with what the manifest is granted.
        private static string DeviceStopProblem(StopsDeviceAttribute stop, ResourceNeed[] needs)
        {
            bool barDeclared = false;
            for (int i = 0; i < needs.Length; i++) barDeclared |= needs[i].Kind == ResourceKind.Mmio && needs[i].Bar == stop.Bar;
            if (!barDeclared)
                return "[StopsDevice] writes to BAR " + stop.Bar.ToString() + ", which the manifest does not declare with [NeedsMmio]";
            if (stop.Register < 0 || stop.Register % 4 != 0)
                return "[StopsDevice] names register offset " + stop.Register.ToString() + ", not a 4-aligned offset";
            if (stop.StoppedRegister < -1 || stop.StoppedRegister >= 0 && (stop.StoppedRegister % 4 != 0 || stop.StoppedMask == 0))
                return "[StopsDevice] waits on register offset " + stop.StoppedRegister.ToString() + " with mask 0x" + stop.StoppedMask.ToString("x")
                    + ": the offset must be 4-aligned and the mask not 0";
            if (stop.TimeoutMilliseconds < 1 || stop.TimeoutMilliseconds > 10000)
                return "[StopsDevice] gives the device " + stop.TimeoutMilliseconds.ToString() + " ms to stop; 1-10000 ms";
            return null;
        }

        // What is wrong with needs[index] on its own or beside the needs before it; null when nothing.
        private static string Problem(ResourceNeed[] needs, int index, string platform)
        {
            ResourceNeed need = needs[index];
            bool forPlatform = need.Kind == ResourceKind.FixedIoPorts || need.Kind == ResourceKind.IsaIrq;
            if (platform is not null && !forPlatform)
                return "drives platform device " + platform + " but declares " + AttributeName(need.Kind)
                    + ": a platform device has no BARs, PCI interrupt, configuration space or DMA; it takes [NeedsFixedIoPorts] and [NeedsIsaIrq]";
            if (platform is null && forPlatform)
                return "drives PCI devices but declares " + AttributeName(need.Kind)
                    + ", which is for platform devices: a PCI function's ports are its BARs and its interrupt is [NeedsIrq]";
            bool byBar = need.Kind == ResourceKind.IoPorts || need.Kind == ResourceKind.Mmio;
            if (byBar && (need.Bar < 0 || need.Bar >= BarCount))
                return "names BAR " + need.Bar.ToString() + "; BARs are 0-5";
            if (need.Kind == ResourceKind.FixedIoPorts && (need.Count <= 0 || need.Number + need.Count > IoPortRange.PortSpace))
                return "declares " + need.Count.ToString() + " ports from 0x" + need.Number.ToString("x") + ", not a range of the port space";
            if (need.Kind == ResourceKind.IsaIrq && (need.Number < 0 || need.Number >= IsaIrqCount))
                return "declares ISA IRQ " + need.Number.ToString() + "; ISA IRQs are 0-15";
            for (int j = 0; j < index; j++)
            {
                ResourceNeed earlier = needs[j];
                if (byBar && (earlier.Kind == ResourceKind.IoPorts || earlier.Kind == ResourceKind.Mmio) && earlier.Bar == need.Bar)
                    return "names BAR " + need.Bar.ToString() + " twice";
                if (need.Kind == ResourceKind.FixedIoPorts && earlier.Kind == ResourceKind.FixedIoPorts
                    && need.Number < earlier.Number + earlier.Count && earlier.Number < need.Number + need.Count)
                    return "declares port 0x" + (need.Number > earlier.Number ? need.Number : earlier.Number).ToString("x") + " twice";
                if (need.Kind == ResourceKind.IsaIrq && earlier.Kind == ResourceKind.IsaIrq && earlier.Number == need.Number)
                    return "declares ISA IRQ " + need.Number.ToString() + " twice";
                if (!byBar && !forPlatform && earlier.Kind == need.Kind)
                    return "declares a resource twice";
            }
            return null;
        }

        private static string AttributeName(ResourceKind kind) => kind switch
        {
            ResourceKind.IoPorts => "[NeedsIoPorts]",
            ResourceKind.Mmio => "[NeedsMmio]",
            ResourceKind.Irq => "[NeedsIrq]",
            ResourceKind.Dma => "[NeedsDma]",
            ResourceKind.PciConfig => "[NeedsPciConfig]",
            ResourceKind.FixedIoPorts => "[NeedsFixedIoPorts]",
            _ => "[NeedsIsaIrq]",
        };

        private static DriverManifest Invalid(string driverType, string problem, out string error)
        {
            error = "driver " + driverType + " " + problem;
            return null;
        }
    }
}
