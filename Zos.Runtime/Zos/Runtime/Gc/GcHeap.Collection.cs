namespace Zos.Runtime.Gc
{
    // One full collection: mark from the roots, clear weak handles whose
    // targets died, sweep every page. Afterwards the budget for the next one is
    // the live size (at least MinimumBudget), so work per allocated byte stays bounded.
    internal unsafe partial struct GcHeap
    {
        // markRoots calls MarkAddress, MarkRange or MarkFromPermanentObjects for
        // every root outside the heap; handles are added here.
        public void Collect(delegate*<GcHeap*, void*, void> markRoots, void* context)
        {
            ReserveMarkStack();
            fixed (GcHeap* self = &this) markRoots(self, context);
            MarkStrongHandles();
            CompleteMarking();
            ClearDeadWeakHandles();
            UsedBytes = Sweep();
            Collections++;
            AllocatedSinceCollection = 0;
            Budget = UsedBytes > MinimumBudget ? UsedBytes : MinimumBudget;
        }

        // Frees unmarked cells and runs, clears marks, rebuilds the free lists
        // and returns empty pages to the pool. Returns the bytes still in use.
        private ulong Sweep()
        {
            for (int cls = 0; cls < ClassCount; cls++) _freeLists[cls] = 0;
            ulong live = 0;
            for (int r = 0; r < _regionCount; r++)
            {
                GcRegion* region = (GcRegion*)_regions[r];
                for (ulong index = 0; index < region->PageCount; index++)
                {
                    GcPage* page = region->PageTable + index;
                    if (page->Kind == GcPage.Small) live += SweepSmallPage(region, index);
                    else if (page->Kind == GcPage.LargeHead)
                    {
                        byte* cell = region->PageAddress(index);
                        ulong pages = page->RunPages;
                        if (region->IsMarked(cell))
                        {
                            region->ClearMark(cell);
                            live += pages << PageShift;
                        }
                        else
                        {
                            Credit(cell, pages << PageShift);
                            ReleasePages(region, index, pages);
                        }
                        index += pages - 1;
                    }
                }
            }
            return live;
        }

        private ulong SweepSmallPage(GcRegion* region, ulong index)
        {
            GcPage* page = region->PageTable + index;
            byte* start = region->PageAddress(index);
            uint cellSize = page->CellSize;
            ulong head = 0, tail = 0;
            ulong liveCells = 0;
            for (uint c = page->CellCount; c-- > 0;)
            {
                byte* cell = start + (ulong)c * cellSize;
                ulong* methodTable = (ulong*)(cell + GcObjectLayout.HeaderSize);
                if (*methodTable != 0)
                {
                    if (region->IsMarked(cell))
                    {
                        region->ClearMark(cell);
                        liveCells++;
                        continue;
                    }
                    Credit(cell, cellSize);
                    *methodTable = 0;
                }
                *(ulong*)cell = head;
                if (head == 0) tail = (ulong)cell;
                head = (ulong)cell;
            }
            if (liveCells == 0)
            {
                ReleasePages(region, index, 1);
                return 0;
            }
            if (head != 0)
            {
                *(ulong*)tail = _freeLists[page->SizeClass];
                _freeLists[page->SizeClass] = head;
            }
            return liveCells * cellSize;
        }
    }
}
