using Zos.Hal.Acpi;
using Zos.Hal.Memory;
using Zos.Hal.Pci;
using Zos.Hal.Timing;

namespace Zos.Kernel.Platform
{
    // The PCI functions found at boot and the configuration mechanism used to
    // reach them: ECAM for the MCFG segment groups the kernel can address,
    // else the legacy ports (segment 0, 256 bytes per function).
    public static class PciDevices
    {
        // ECAM is reached through the identity map of the first 4 GiB.
        public const ulong IdentityMapLimit = IdentityMappedMemory.MappedEnd;

        public static PciConfigSpace Config { get; private set; }
        // "ecam ..." or "legacy (why not ecam)".
        public static string ConfigDescription { get; private set; }
        public static PciEnumeration Scan { get; private set; }
        public static ulong ScanMicroseconds { get; private set; }

        public static PciFunctionInfo[] Functions => Scan is null ? [] : Scan.Functions;

        public static void Initialize(McfgTable mcfg)
        {
            Config = ChooseConfig(mcfg?.Segments, IdentityMappedMemory.Instance, IdentityMapLimit, out string description);
            ConfigDescription = description;
            ulong start = TimestampClock.NanosecondsSinceBoot;
            Scan = PciEnumeration.Scan(Config);
            ScanMicroseconds = (TimestampClock.NanosecondsSinceBoot - start) / 1000;
        }

        // ECAM over the segment groups wholly below reachableLimit; the legacy
        // ports when there are none. description says which, and what was left out.
        public static PciConfigSpace ChooseConfig(PciSegmentGroup[] groups, PhysicalMemory memory, ulong reachableLimit, out string description)
        {
            if (groups is null || groups.Length == 0)
            {
                description = "legacy (no MCFG table)";
                return new LegacyPciConfig();
            }
            var usable = new PciSegmentGroup[groups.Length];
            int count = 0;
            string used = "", skipped = "";
            for (int i = 0; i < groups.Length; i++)
            {
                PciSegmentGroup group = groups[i];
                string text = "segment " + group.Segment.ToString() + " buses " + group.StartBus.ToString() + "-" + group.EndBus.ToString()
                    + " at 0x" + group.BaseAddress.ToString("x");
                ulong end = group.BaseAddress + (((ulong)group.EndBus + 1) << 20);
                if (group.BaseAddress >= reachableLimit || end > reachableLimit)
                {
                    skipped = skipped + "; " + text + " skipped: above the identity map";
                    continue;
                }
                usable[count++] = group;
                used = used + (used.Length == 0 ? " " : ", ") + text;
            }
            if (count == 0)
            {
                description = "legacy (no usable MCFG segment group" + skipped + ")";
                return new LegacyPciConfig();
            }
            var chosen = new PciSegmentGroup[count];
            for (int i = 0; i < count; i++) chosen[i] = usable[i];
            description = "ecam" + used + skipped;
            return new EcamPciConfig(chosen, memory);
        }

        // The first function with these ids, or null.
        public static PciFunctionInfo Find(ushort vendorId, ushort deviceId)
        {
            PciFunctionInfo[] functions = Functions;
            for (int i = 0; i < functions.Length; i++)
                if (functions[i].VendorId == vendorId && functions[i].DeviceId == deviceId) return functions[i];
            return null;
        }
    }
}
