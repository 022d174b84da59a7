namespace Zos.Runtime.Gc
{
    // Marking: roots and traced fields mark the cell they point into; cells of
    // types with references go on an explicit mark stack and are traced from
    // their GCDesc. When the stack overflows, marked cells are rescanned.
    internal unsafe partial struct GcHeap
    {
        // A value that may be a reference, an interior pointer or anything else:
        // if it points at or into a live heap object, that object is kept.
        public void MarkAddress(ulong value)
        {
            byte* cell = FindCell(value, out GcRegion* region);
            if (cell == null || !region->TryMark(cell)) return;
            byte* obj = cell + GcObjectLayout.HeaderSize;
            if (!GcObjectLayout.ContainsPointers(GcObjectLayout.MethodTableOf(obj))) return;
            if (_markStackCount == _markStackCapacity) _markStackOverflowed = true;
            else _markStack[_markStackCount++] = (ulong)obj;
        }

        // Every aligned word of [low, high) is treated as a possible reference.
        public void MarkRange(byte* low, byte* high)
        {
            for (ulong* word = (ulong*)(((ulong)low + 7) & ~7UL); word + 1 <= (ulong*)high; word++)
                MarkAddress(*word);
        }

        // Objects laid end to end in [start, end) outside the heap (the boot
        // arena) are permanent: their references are roots.
        public void MarkFromPermanentObjects(byte* start, byte* end)
        {
            byte* cell = start;
            while (cell + 2 * GcObjectLayout.HeaderSize <= end)
            {
                byte* obj = cell + GcObjectLayout.HeaderSize;
                if (GcObjectLayout.MethodTableOf(obj) == null) break;
                ulong size = GcObjectLayout.AllocatedSize(obj);
                if (GcObjectLayout.ContainsPointers(GcObjectLayout.MethodTableOf(obj))) MarkReferencesOf(obj);
                cell += size;
            }
        }

        // Marks what the object's reference fields point at, following the
        // GCDesc stored just before its MethodTable: a positive count is that
        // many (size, offset) series, size being relative to the object's size;
        // a negative count is an array of value types with -count (nptrs, skip)
        // pairs repeated over every element.
        private void MarkReferencesOf(byte* obj)
        {
            byte* methodTable = GcObjectLayout.MethodTableOf(obj);
            ulong size = GcObjectLayout.ExactSize(obj);
            long seriesCount = *(long*)(methodTable - 8);
            byte* highestSeries = methodTable - 24;
            if (seriesCount > 0)
            {
                for (long s = 0; s < seriesCount; s++)
                {
                    byte* series = highestSeries - s * 16;
                    ulong* slot = (ulong*)(obj + *(ulong*)(series + 8));
                    ulong* stop = (ulong*)((byte*)slot + (ulong)(*(long*)series + (long)size));
                    for (; slot < stop; slot++) MarkAddress(*slot);
                }
                return;
            }
            ulong* element = (ulong*)(obj + *(ulong*)(methodTable - 16));
            ulong* end = (ulong*)(obj + size - GcObjectLayout.HeaderSize);
            while (element < end)
            {
                for (long item = 0; item < -seriesCount; item++)
                {
                    uint* pair = (uint*)(highestSeries - item * 8);
                    ulong* stop = element + pair[0];
                    for (; element < stop; element++) MarkAddress(*element);
                    element = (ulong*)((byte*)element + pair[1]);
                }
            }
        }

        // One reserved page, taken as soon as there is memory: a collection is
        // most needed when no page is left. Without it marking still works, by rescanning.
        private void ReserveMarkStack()
        {
            if (_markStack != null) return;
            byte* page = TakePages(1, out GcRegion* region, out ulong index);
            if (page == null) return;
            region->PageTable[index].Kind = GcPage.Reserved;
            _markStack = (ulong*)page;
            _markStackCapacity = PageSize / sizeof(ulong);
        }

        private void DrainMarkStack()
        {
            while (_markStackCount > 0) MarkReferencesOf((byte*)_markStack[--_markStackCount]);
        }

        // Traces everything reachable from what was marked, rescanning the heap
        // for marked objects as long as the mark stack overflowed.
        private void CompleteMarking()
        {
            DrainMarkStack();
            while (_markStackOverflowed)
            {
                _markStackOverflowed = false;
                for (int r = 0; r < _regionCount; r++)
                {
                    GcRegion* region = (GcRegion*)_regions[r];
                    for (ulong index = 0; index < region->PageCount; index++)
                    {
                        GcPage* page = region->PageTable + index;
                        if (page->Kind == GcPage.Small)
                            for (uint c = 0; c < page->CellCount; c++)
                                RetraceIfMarked(region, region->PageAddress(index) + (ulong)c * page->CellSize);
                        else if (page->Kind == GcPage.LargeHead)
                            RetraceIfMarked(region, region->PageAddress(index));
                    }
                }
            }
        }

        private void RetraceIfMarked(GcRegion* region, byte* cell)
        {
            byte* obj = cell + GcObjectLayout.HeaderSize;
            if (!region->IsMarked(cell) || !GcObjectLayout.ContainsPointers(GcObjectLayout.MethodTableOf(obj))) return;
            MarkReferencesOf(obj);
            DrainMarkStack();
        }

        // Whether a collection that has just marked keeps the value's target
        // (anything outside the heap counts as kept).
        private bool SurvivesMarking(ulong value)
        {
            byte* cell = FindCell(value, out GcRegion* region);
            return cell == null || region->IsMarked(cell);
        }
    }
}
