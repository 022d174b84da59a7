namespace Zos.Runtime.Gc
{
    // A non-moving mark-sweep heap over regions of memory it is given. Small
    // objects live in cells of segregated size classes inside fixed-size pages,
    // so that any address maps to its object in O(1); each class keeps a free
    // list of cells. Large objects take runs of whole pages. Pages left empty by
    // a collection return to a common pool, from which any class or large object
    // takes them. Written with primitives and pointers only: the same source is
    // compiled into the corlib and into the host tests.
    //
    // Not thread-safe: the caller makes allocation and collection atomic.
    internal unsafe partial struct GcHeap
    {
        public const int PageShift = 15;
        public const ulong PageSize = 1UL << PageShift;
        public const ulong MaxSmallSize = 16384;
        public const int MaxRegions = 16;
        public const ulong DefaultMinimumBudget = 4UL << 20;
        private const int ClassCount = 39;
        private const ulong SmallestCell = 16;

        private fixed ulong _regions[MaxRegions];
        private int _regionCount;
        private ulong _lowest;
        private ulong _highest;
        private fixed ulong _freeLists[ClassCount];
        private fixed uint _classSizes[ClassCount];
        // Size class of every small size, indexed by size / 8 rounded up.
        private fixed byte _classBySize[(int)(MaxSmallSize / 8) + 1];

        // Bytes in cells and runs holding objects (cells rounded to their class size).
        public ulong UsedBytes;
        // Bytes of all pages given to the heap.
        public ulong CapacityBytes;
        public ulong Allocations;
        public ulong Collections;
        public ulong AllocatedSinceCollection;
        // A collection is due once this many bytes were allocated since the last one.
        public ulong Budget;
        public ulong MinimumBudget;

        // Marking (GcHeap.Marking.cs).
        private ulong* _markStack;
        private ulong _markStackCapacity;
        private ulong _markStackCount;
        private bool _markStackOverflowed;

        // Accounts (GcHeap.Accounts.cs).
        private fixed ulong _accountBytes[MaxAccounts];
        private fixed ulong _accountQuota[MaxAccounts];
        private fixed byte _accountState[MaxAccounts];

        // Handles (GcHeap.Handles.cs).
        private ulong* _handlePages;
        private ulong* _freeHandles;

        public void Initialize(ulong minimumBudget)
        {
            MinimumBudget = minimumBudget;
            Budget = minimumBudget;
            // 16..64 in steps of 8, then four classes per power of two up to MaxSmallSize.
            int count = 0;
            for (ulong size = SmallestCell; size <= 64; size += 8) _classSizes[count++] = (uint)size;
            for (ulong band = 64; band < MaxSmallSize; band *= 2)
                for (ulong step = 1; step <= 4; step++) _classSizes[count++] = (uint)(band + band / 4 * step);
            int cls = 0;
            for (int index = 0; index <= (int)(MaxSmallSize / 8); index++)
            {
                while (_classSizes[cls] < (uint)index * 8) cls++;
                _classBySize[index] = (byte)cls;
            }
        }

        public bool CollectionDue => AllocatedSinceCollection >= Budget;

        // Takes over [start, start + length): metadata first, then whole pages.
        // False (and nothing taken) when the table is full or the block too small.
        public bool AddRegion(byte* start, ulong length)
        {
            if (_regionCount == MaxRegions) return false;
            byte* aligned = (byte*)(((ulong)start + 7) & ~7UL);
            ulong usable = length - (ulong)(aligned - start);
            // Per page: the page, its table entry, PageSize/64 bytes of mark bits, a free bit.
            ulong perPage = PageSize + (ulong)sizeof(GcPage) + PageSize / 64 + 1;
            ulong overhead = (ulong)sizeof(GcRegion) + 4096 + 64;
            if (length < 4096 || usable < overhead + perPage) return false;
            ulong pages = (usable - overhead) / perPage;

            GcRegion* region = (GcRegion*)aligned;
            byte* cursor = aligned + sizeof(GcRegion);
            region->PageTable = (GcPage*)cursor;
            cursor += pages * (ulong)sizeof(GcPage);
            region->MarkBits = (ulong*)cursor;
            cursor += pages * (PageSize / 64);
            region->FreePageBits = (ulong*)cursor;
            cursor += (pages + 63) / 64 * 8;
            region->Pages = (byte*)(((ulong)cursor + 4095) & ~4095UL);
            region->PageCount = pages;
            region->FreePageCount = pages;
            Zero((byte*)region->PageTable, (ulong)(region->Pages - (byte*)region->PageTable));
            for (ulong page = 0; page < pages; page++) region->FreePageBits[page >> 6] |= 1UL << (int)(page & 63);

            _regions[_regionCount++] = (ulong)region;
            if (_regionCount == 1 || (ulong)region->Pages < _lowest) _lowest = (ulong)region->Pages;
            if ((ulong)region->End > _highest) _highest = (ulong)region->End;
            CapacityBytes += pages * PageSize;
            ReserveMarkStack();
            return true;
        }

        // Zeroed memory for an object of size bytes (header included), charged
        // to the account, or null when no page is free. The caller writes the
        // MethodTable pointer at +8.
        public byte* Allocate(ulong size, int account = KernelAccount)
        {
            if (account < 0 || account >= MaxAccounts) account = KernelAccount;
            size = (size + 7) & ~7UL;
            if (size < SmallestCell) size = SmallestCell;
            ulong cellSize;
            byte* cell;
            if (size <= MaxSmallSize)
            {
                int cls = _classBySize[size >> 3];
                if (_freeLists[cls] == 0 && !RefillClass(cls)) return null;
                cell = (byte*)_freeLists[cls];
                _freeLists[cls] = *(ulong*)cell;
                cellSize = _classSizes[cls];
            }
            else
            {
                ulong pages = (size + PageSize - 1) >> PageShift;
                cell = TakePages(pages, out GcRegion* region, out ulong first);
                if (cell == null) return null;
                region->PageTable[first].Kind = GcPage.LargeHead;
                region->PageTable[first].RunPages = (uint)pages;
                for (ulong tail = 1; tail < pages; tail++)
                {
                    region->PageTable[first + tail].Kind = GcPage.LargeTail;
                    region->PageTable[first + tail].RunPages = (uint)tail;
                }
                cellSize = pages << PageShift;
            }
            Zero(cell, size);
            Charge(cell, account, cellSize);
            UsedBytes += cellSize;
            AllocatedSinceCollection += cellSize;
            Allocations++;
            return cell;
        }

        // A fresh page for the class, cut into cells chained on its free list.
        // A free cell has a null MethodTable word and its link in the header word.
        private bool RefillClass(int cls)
        {
            byte* page = TakePages(1, out GcRegion* region, out ulong index);
            if (page == null) return false;
            uint cellSize = _classSizes[cls];
            uint cells = (uint)(PageSize / cellSize);
            GcPage* info = region->PageTable + index;
            info->Kind = GcPage.Small;
            info->SizeClass = (byte)cls;
            info->CellSize = cellSize;
            info->CellCount = cells;
            info->CellReciprocal = ((1UL << 32) + cellSize - 1) / cellSize;
            ulong head = 0;
            for (uint c = cells; c-- > 0;)
            {
                byte* cell = page + (ulong)c * cellSize;
                *(ulong*)cell = head;
                *(ulong*)(cell + GcObjectLayout.HeaderSize) = 0;
                head = (ulong)cell;
            }
            _freeLists[cls] = head;
            return true;
        }

        // A run of count free pages from the pool (first fit), or null.
        private byte* TakePages(ulong count, out GcRegion* region, out ulong first)
        {
            for (int r = 0; r < _regionCount; r++)
            {
                region = (GcRegion*)_regions[r];
                if (region->FreePageCount < count) continue;
                ulong run = 0;
                for (ulong page = 0; page < region->PageCount; page++)
                {
                    ulong word = region->FreePageBits[page >> 6];
                    if (word == 0)
                    {
                        // A whole word of used pages: skip it.
                        run = 0;
                        page |= 63;
                        continue;
                    }
                    if ((word & (1UL << (int)(page & 63))) == 0) { run = 0; continue; }
                    if (++run < count) continue;
                    first = page + 1 - count;
                    for (ulong taken = first; taken <= page; taken++)
                        region->FreePageBits[taken >> 6] &= ~(1UL << (int)(taken & 63));
                    region->FreePageCount -= count;
                    return region->PageAddress(first);
                }
            }
            region = null;
            first = 0;
            return null;
        }

        private void ReleasePages(GcRegion* region, ulong first, ulong count)
        {
            for (ulong page = first; page < first + count; page++)
            {
                region->PageTable[page].Kind = GcPage.Free;
                region->FreePageBits[page >> 6] |= 1UL << (int)(page & 63);
            }
            region->FreePageCount += count;
        }

        public ulong FreePages
        {
            get
            {
                ulong free = 0;
                for (int r = 0; r < _regionCount; r++) free += ((GcRegion*)_regions[r])->FreePageCount;
                return free;
            }
        }

        private GcRegion* RegionContaining(ulong address)
        {
            if (address < _lowest || address >= _highest) return null;
            for (int r = 0; r < _regionCount; r++)
            {
                GcRegion* region = (GcRegion*)_regions[r];
                if (region->Contains(address)) return region;
            }
            return null;
        }

        // The cell of the live object that address points at or into, or null.
        private byte* FindCell(ulong address, out GcRegion* region)
        {
            region = RegionContaining(address);
            if (region == null) return null;
            ulong offset = address - (ulong)region->Pages;
            ulong index = offset >> PageShift;
            GcPage* page = region->PageTable + index;
            byte* cell;
            if (page->Kind == GcPage.Small)
            {
                ulong slot = (offset & (PageSize - 1)) * page->CellReciprocal >> 32;
                if (slot >= page->CellCount) return null;
                cell = region->PageAddress(index) + slot * page->CellSize;
            }
            else if (page->Kind == GcPage.LargeHead || page->Kind == GcPage.LargeTail)
            {
                if (page->Kind == GcPage.LargeTail) index -= page->RunPages;
                cell = region->PageAddress(index);
            }
            else return null;
            return *(ulong*)(cell + GcObjectLayout.HeaderSize) == 0 ? null : cell;
        }

        // The object that address points at or into, if it is a live heap object (tests and diagnostics).
        public byte* FindObject(ulong address)
        {
            byte* cell = FindCell(address, out _);
            return cell == null ? null : cell + GcObjectLayout.HeaderSize;
        }

        private static void Zero(byte* start, ulong length)
        {
            ulong* words = (ulong*)start;
            for (ulong i = 0; i < length / 8; i++) words[i] = 0;
        }
    }
}
