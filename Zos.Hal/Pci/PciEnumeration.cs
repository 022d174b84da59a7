namespace Zos.Hal.Pci
{
    // Every function a configuration mechanism reaches, found by scanning each
    // segment group's root bus and following PCI-to-PCI bridges to their
    // secondary buses. Each bus is scanned at most once, so a bridge naming a
    // bus already scanned, its own bus, or one outside the reachable range is a
    // problem, not a loop. Functions 1-7 are scanned only when function 0 says
    // the device is multi-function (header type bit 7).
    public sealed class PciEnumeration
    {
        private PciEnumeration(PciFunctionInfo[] functions, string[] problems, int busesScanned)
        {
            Functions = functions;
            Problems = problems;
            BusesScanned = busesScanned;
        }

        public PciFunctionInfo[] Functions { get; }
        // Bus-level problems (bridges); a function's own are in its Problems.
        public string[] Problems { get; }
        public int BusesScanned { get; }

        public static PciEnumeration Scan(PciConfigSpace config)
        {
            var functions = new GrowableArray<PciFunctionInfo>();
            var problems = new GrowableArray<string>();
            int busesScanned = 0;
            PciBusRange[] ranges = config.BusRanges;
            for (int r = 0; r < ranges.Length; r++)
            {
                PciBusRange range = ranges[r];
                var scanned = new bool[256];
                var pending = new int[256];
                int pendingCount = 0, next = 0;
                pending[pendingCount++] = range.FirstBus;
                scanned[range.FirstBus] = true;
                while (next < pendingCount)
                {
                    byte bus = (byte)pending[next++];
                    busesScanned++;
                    int firstOnBus = functions.Count;
                    for (byte device = 0; device < PciAddress.DevicesPerBus; device++)
                        ScanDevice(config, new PciAddress(range.Segment, bus, device, 0), functions);
                    for (int i = firstOnBus; i < functions.Count; i++)
                    {
                        PciFunctionInfo bridge = functions[i];
                        if (!bridge.IsPciBridge) continue;
                        int secondary = bridge.SecondaryBus;
                        if (secondary <= bus)
                            problems.Add("bridge " + bridge.Address.ToString() + " names secondary bus " + secondary.ToString() + ", not above its own bus " + bus.ToString() + " (unconfigured?)");
                        else if (!range.Contains(range.Segment, secondary))
                            problems.Add("bridge " + bridge.Address.ToString() + " names secondary bus " + secondary.ToString() + ", outside buses "
                                + range.FirstBus.ToString() + "-" + range.LastBus.ToString());
                        else if (scanned[secondary])
                            problems.Add("bridge " + bridge.Address.ToString() + " names secondary bus " + secondary.ToString() + ", which another bridge already leads to");
                        else
                        {
                            scanned[secondary] = true;
                            pending[pendingCount++] = secondary;
                        }
                    }
                }
            }
            return new PciEnumeration(functions.ToArray(), problems.ToArray(), busesScanned);
        }

        private static void ScanDevice(PciConfigSpace config, PciAddress functionZero, GrowableArray<PciFunctionInfo> functions)
        {
            PciFunctionInfo first = PciFunctionInfo.Read(config, functionZero);
            if (first is null) return;
            functions.Add(first);
            if (!first.IsMultiFunction) return;
            for (byte function = 1; function < PciAddress.FunctionsPerDevice; function++)
            {
                PciFunctionInfo other = PciFunctionInfo.Read(config, functionZero.WithFunction(function));
                if (other is not null) functions.Add(other);
            }
        }
    }
}
