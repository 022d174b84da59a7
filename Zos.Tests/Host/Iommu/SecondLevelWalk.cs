using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Iommu;

// Walks 3-level second-level tables the way a VT-d unit does (VT-d 3.4, 3.7
// and 9.8), from the specification's bit positions, never the kernel's
// constants: SL-PDPE indexed by bits 38:30, SL-PDE by 29:21 (bit 7 set: a
// 2 MiB page), SL-PTE by 20:12; R is bit 0, W bit 1, the address bits 51:12;
// an entry with neither R nor W is not present, and rights are the AND of
// every level's.
public static class SecondLevelWalk
{
    public readonly record struct Translation(ulong Physical, bool Read, bool Write, bool Superpage);

    public static bool TryWalk(SimulatedPhysicalMemory memory, ulong root, ulong address, out Translation translation)
    {
        translation = default;
        if (address >> 39 != 0) return false;
        ulong table = root;
        bool read = true, write = true;
        for (int shift = 30; shift >= 12; shift -= 9)
        {
            ulong entry = memory.Peek(table + ((address >> shift) & 0x1FF) * 8, 8);
            if ((entry & 3) == 0) return false;
            read &= (entry & 1) != 0;
            write &= (entry & 2) != 0;
            ulong next = entry & 0x000F_FFFF_FFFF_F000;
            if (shift == 21 && (entry & 0x80) != 0)
            {
                translation = new Translation((next & ~0x1F_FFFFUL) | (address & 0x1F_FFFF), read, write, true);
                return true;
            }
            table = next;
        }
        translation = new Translation(table | (address & 0xFFF), read, write, false);
        return true;
    }

    // The raw entry at a level (3, 2 or 1) for address, or 0 where the walk stops before it.
    public static ulong Entry(SimulatedPhysicalMemory memory, ulong root, ulong address, int level)
    {
        ulong table = root;
        for (int current = 3; ; current--)
        {
            ulong entry = memory.Peek(table + ((address >> (12 + 9 * (current - 1))) & 0x1FF) * 8, 8);
            if (current == level) return entry;
            if ((entry & 3) == 0 || (entry & 0x80) != 0) return 0;
            table = entry & 0x000F_FFFF_FFFF_F000;
        }
    }
}
