using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // Finds the RSDP the way BIOS-booted systems publish it (ACPI 6.5,
    // 5.2.5.1): on a 16-byte boundary in the first KiB of the Extended BIOS
    // Data Area, or in the BIOS ROM area 0xE0000-0xFFFFF. A candidate whose
    // signature matches but whose checksum fails is passed over, and named in
    // the error if nothing valid turns up.
    public static class RootPointerScan
    {
        public const ulong BiosAreaStart = 0xE0000;
        public const ulong BiosAreaEnd = 0x100000;   // exclusive
        public const int EbdaSearchLength = 1024;
        private const int Alignment = 16;

        // ebdaAddress is 0 when the EBDA is unknown; then only the BIOS area is searched.
        public static bool TryFind(PhysicalMemory memory, ulong ebdaAddress, out RootPointer result, out ulong address, out string error)
        {
            string rejected = null;
            if (ebdaAddress != 0 && TryFindIn(memory, ebdaAddress, EbdaSearchLength, ref rejected, out result, out address, out error))
                return true;
            if (TryFindIn(memory, BiosAreaStart, (int)(BiosAreaEnd - BiosAreaStart), ref rejected, out result, out address, out error))
                return true;
            if (error is null)
            {
                error = "no RSDP " + (ebdaAddress != 0 ? "in the EBDA at " + AcpiBytes.Hex(ebdaAddress) + " or " : "") + "in 0xe0000-0xfffff";
                if (rejected is not null) error += "; " + rejected;
            }
            return false;
        }

        // False with error null when the area is readable but holds no valid RSDP.
        private static bool TryFindIn(PhysicalMemory memory, ulong start, int length, ref string rejected, out RootPointer result, out ulong address, out string error)
        {
            result = null;
            address = 0;
            if (!memory.TryRead(start, length, out ReadOnlySpan<byte> area, out error))
            {
                error = "cannot read " + AcpiBytes.Hex(start) + " to search for the RSDP: " + error;
                return false;
            }
            // The EBDA need not start on a 16-byte boundary; candidates must.
            int first = (int)((Alignment - start % Alignment) % Alignment);
            for (int offset = first; offset + RootPointer.Version1Size <= area.Length; offset += Alignment)
            {
                if (!AcpiBytes.Matches(area, offset, RootPointer.SignatureText)) continue;
                if (RootPointer.TryParse(area.Slice(offset), out result, out string reason))
                {
                    address = start + (ulong)offset;
                    return true;
                }
                rejected = "candidate at " + AcpiBytes.Hex(start + (ulong)offset) + " rejected: " + reason;
            }
            return false;
        }
    }
}
