namespace Zos.Hal.Memory
{
    // Maps and unmaps 4 KiB pages in the live page tables (the ones CR3 points
    // at), creating intermediate tables from the frame allocator as needed.
    // Tables and frames are reached at their own address: every frame the
    // allocator hands out is identity-mapped (KernelMemory frees RAM above
    // 4 GiB only once it is mapped, with tables from below). Used for regions
    // outside the identity map, such as thread stacks with guard pages, and to
    // map RAM and device registers above 4 GiB.
    public sealed unsafe class PageMapper
    {
        private const ulong Present = 1, Writable = 2, WriteThrough = 8, CacheDisable = 0x10, HugePage = 0x80, NoExecute = 1UL << 63;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        private const ulong LargePageSize = 2UL << 20;
        private const ulong LargePagePat = 1UL << 12;

        private readonly FrameAllocator _frames;
        private readonly ulong* _pml4;

        public PageMapper(FrameAllocator frames)
        {
            _frames = frames;
            _pml4 = (ulong*)(Cpu.Cr3 & AddressMask);
        }

        // A writable, non-executable data page. Returns null, or why it cannot be mapped.
        public string MapData(ulong virtualAddress, ulong physicalAddress) => Map(virtualAddress, physicalAddress, Present | Writable | NoExecute);

        // A page of device registers at its own address: writable, non-executable and uncached
        // (PCD and PWT select PAT entry 3, uncached, in the power-on PAT; Intel SDM vol. 3, 11.12.3).
        public string MapDevicePage(ulong physicalAddress) =>
            Map(physicalAddress, physicalAddress, Present | Writable | WriteThrough | CacheDisable | NoExecute);

        // RAM at its own address, write-back: a 2 MiB page where the range allows, else 4 KiB pages.
        // [start, end) must be page-aligned and not mapped yet.
        public string MapRam(ulong start, ulong end)
        {
            ulong address = start;
            while (address < end)
            {
                bool large = (address & (LargePageSize - 1)) == 0 && end - address >= LargePageSize;
                string error;
                if (large)
                {
                    ulong* entry = EntryFor(address, create: true, out error, depth: 1);
                    if (entry is not null && (*entry & Present) != 0) error = "2 MiB at " + address.ToString("x") + " is already mapped";
                    if (error is null) *entry = address | Present | Writable | HugePage | NoExecute;
                }
                else error = MapData(address, address);
                if (error is not null) return error;
                address += large ? LargePageSize : FrameAllocator.FrameSize;
            }
            return null;
        }

        private string Map(ulong virtualAddress, ulong physicalAddress, ulong flags)
        {
            ulong* entry = EntryFor(virtualAddress, create: true, out string error);
            if (entry is null) return error;
            if ((*entry & Present) != 0) return "page " + virtualAddress.ToString("x") + " is already mapped";
            *entry = physicalAddress | flags;
            return null;
        }

        // The pages of [start, end) write-combining (PWT alone: PageAttributeTable's entry 1), where they
        // are mapped: a 2 MiB page only partly inside is split into 4 KiB pages first, so that nothing
        // outside the range changes type. Null, or why not (no memory for a page table).
        public string SetWriteCombining(ulong start, ulong end)
        {
            ulong address = start & ~(FrameAllocator.FrameSize - 1);
            while (address < end)
            {
                ulong* directoryEntry = EntryFor(address, create: false, out _, depth: 1);
                if (directoryEntry is null || (*directoryEntry & Present) == 0)
                {
                    address = (address & ~(LargePageSize - 1)) + LargePageSize;
                    continue;
                }
                ulong largePage = address & ~(LargePageSize - 1);
                if ((*directoryEntry & HugePage) != 0)
                {
                    if (address == largePage && end - address >= LargePageSize)
                    {
                        *directoryEntry = WriteCombiningFlags(*directoryEntry);
                        Cpu.InvalidatePage(address);
                        address += LargePageSize;
                        continue;
                    }
                    string error = SplitLargePage(directoryEntry, largePage);
                    if (error is not null) return error;
                }
                ulong* entry = EntryFor(address, create: false, out _);
                if (entry is not null && (*entry & Present) != 0)
                {
                    *entry = WriteCombiningFlags(*entry);
                    Cpu.InvalidatePage(address);
                }
                address += FrameAllocator.FrameSize;
            }
            return null;
        }

        // Whether the page holding address is mapped with PWT set and PCD clear (write-combining once
        // PageAttributeTable selected it), in a 2 MiB or a 4 KiB entry.
        public bool IsWriteCombining(ulong address)
        {
            ulong* directoryEntry = EntryFor(address, create: false, out _, depth: 1);
            if (directoryEntry is null || (*directoryEntry & Present) == 0) return false;
            ulong* entry = (*directoryEntry & HugePage) != 0 ? directoryEntry : EntryFor(address, create: false, out _);
            return entry is not null && (*entry & (Present | WriteThrough | CacheDisable)) == (Present | WriteThrough);
        }

        // PWT set, PCD clear; the PAT bit (7 in a 4 KiB entry, 12 in a 2 MiB one) is 0 in every entry Zos makes.
        private static ulong WriteCombiningFlags(ulong entry) => (entry | WriteThrough) & ~CacheDisable;

        // The same 2 MiB at the same addresses and with the same flags, through a table of 512 4 KiB entries.
        private string SplitLargePage(ulong* directoryEntry, ulong largePage)
        {
            if (!_frames.TryAllocate(out ulong frame)) return "no memory for a page table";
            var table = (ulong*)frame;
            ulong flags = *directoryEntry & ~AddressMask & ~HugePage & ~LargePagePat;
            for (int i = 0; i < 512; i++) table[i] = (largePage + (ulong)i * FrameAllocator.FrameSize) | flags;
            *directoryEntry = frame | (*directoryEntry & (Present | Writable));
            Cpu.InvalidatePage(largePage);
            return null;
        }

        // Returns the physical frame that was mapped there, or 0 if none was.
        public ulong Unmap(ulong virtualAddress)
        {
            ulong* entry = EntryFor(virtualAddress, create: false, out _);
            if (entry is null || (*entry & Present) == 0) return 0;
            ulong physical = *entry & AddressMask;
            *entry = 0;
            Cpu.InvalidatePage(virtualAddress);
            return physical;
        }

        public bool IsMapped(ulong virtualAddress)
        {
            ulong* entry = EntryFor(virtualAddress, create: false, out _);
            return entry is not null && (*entry & Present) != 0;
        }

        // The entry that maps virtualAddress at this depth: 0 the page table's (4 KiB pages), 1 the page directory's (2 MiB).
        private ulong* EntryFor(ulong virtualAddress, bool create, out string error, int depth = 0)
        {
            error = null;
            ulong* table = _pml4;
            for (int level = 3; level > depth; level--)
            {
                ulong* entry = table + ((virtualAddress >> (12 + 9 * level)) & 511);
                if ((*entry & Present) == 0)
                {
                    if (!create) return null;
                    if (!_frames.TryAllocate(out ulong frame))
                    {
                        error = "no memory for a page table";
                        return null;
                    }
                    Zero((ulong*)frame);
                    *entry = frame | Present | Writable;
                }
                else if ((*entry & HugePage) != 0)
                {
                    error = "address " + virtualAddress.ToString("x") + " lies in a large page";
                    return null;
                }
                table = (ulong*)(*entry & AddressMask);
            }
            return table + ((virtualAddress >> (12 + 9 * depth)) & 511);
        }

        private static void Zero(ulong* table)
        {
            for (int i = 0; i < 512; i++) table[i] = 0;
        }
    }
}
