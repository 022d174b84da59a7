using System;
using Zos.Hal.Acpi;
using Zos.Hal.Memory;
using Zos.Kernel.Boot;

namespace Zos.Kernel.Platform
{
    // Finds the RSDP and loads the ACPI tables. GRUB passes copies of the
    // firmware's RSDP as multiboot2 tags (15 for ACPI 2.0+, preferred because
    // it leads to the XSDT; 14 for ACPI 1.0); without a usable tag the BIOS
    // areas are scanned. Each source that fails is named in the final error.
    public static class AcpiDiscovery
    {
        // The EBDA sits right below the end of conventional memory, which the
        // loader reports as lower memory (the BIOS's own base memory size);
        // reading the BDA's EBDA pointer at 0x40E is not possible because page
        // 0 is unmapped. Values outside this window are not a real EBDA.
        private const ulong LowestEbda = 0x80000;
        private const ulong ConventionalMemoryEnd = 0xA0000;

        public static bool TryDiscover(Multiboot2Info boot, ReadOnlySpan<byte> bootInfo, PhysicalMemory memory,
            out AcpiTables tables, out string rsdpSource, out string error)
        {
            tables = null;
            string failures = "";
            if (TryTag(boot.AcpiNewRsdp, bootInfo, "multiboot2 tag 15 (ACPI 2.0+ RSDP)", ref failures, out RootPointer rsdp, out rsdpSource)
                || TryTag(boot.AcpiOldRsdp, bootInfo, "multiboot2 tag 14 (ACPI 1.0 RSDP)", ref failures, out rsdp, out rsdpSource)
                || TryScan(boot, memory, ref failures, out rsdp, out rsdpSource))
            {
                if (AcpiTables.TryLoad(memory, rsdp, out tables, out error)) return true;
                error = "RSDP from " + rsdpSource + ": " + error;
                return false;
            }
            error = failures;
            return false;
        }

        // The EBDA address implied by the loader's lower memory size, or 0 when unknown.
        public static ulong EbdaAddress(Multiboot2Info boot)
        {
            if (!boot.HasBasicMemoryInfo) return 0;
            ulong start = (ulong)boot.LowerMemoryKiB * 1024;
            return start >= LowestEbda && start < ConventionalMemoryEnd ? start : 0;
        }

        private static bool TryTag(TagPayload tag, ReadOnlySpan<byte> bootInfo, string name, ref string failures, out RootPointer rsdp, out string source)
        {
            rsdp = null;
            source = null;
            if (!tag.IsPresent) return false;
            if (!RootPointer.TryParse(tag.Bytes(bootInfo), out rsdp, out string error))
            {
                failures += name + ": " + error + "; ";
                return false;
            }
            source = name;
            return true;
        }

        private static bool TryScan(Multiboot2Info boot, PhysicalMemory memory, ref string failures, out RootPointer rsdp, out string source)
        {
            source = null;
            if (!RootPointerScan.TryFind(memory, EbdaAddress(boot), out rsdp, out ulong address, out string error))
            {
                failures += "BIOS area scan: " + error;
                return false;
            }
            source = "BIOS area scan at 0x" + address.ToString("x");
            return true;
        }
    }
}
