using System;
using Zos.Hal.Acpi;
using Zos.Hal.Memory;
using Zos.Kernel.Boot;

namespace Zos.Kernel.Platform
{
    // The ACPI tables found at boot, for the drivers that program the
    // interrupt controllers and timers. A machine without usable tables still
    // boots (on the legacy PIC); Tables is then null and Error says why.
    public static class KernelAcpi
    {
        public static AcpiTables Tables { get; private set; }
        // Where the RSDP came from; null when none was found.
        public static string RsdpSource { get; private set; }
        public static string Error { get; private set; }
        // Where the RSDP scan looks first (0 when unknown); kept for the scan's own test.
        public static ulong EbdaAddress { get; private set; }

        public static void Initialize(Multiboot2Info boot, ReadOnlySpan<byte> bootInfo)
        {
            EbdaAddress = AcpiDiscovery.EbdaAddress(boot);
            AcpiDiscovery.TryDiscover(boot, bootInfo, IdentityMappedMemory.Instance, out AcpiTables tables, out string source, out string error);
            Tables = tables;
            RsdpSource = source;
            Error = error;
        }
    }
}
