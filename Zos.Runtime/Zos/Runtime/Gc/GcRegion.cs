namespace Zos.Runtime.Gc
{
    // One block of memory given to the heap. Its start holds this header, the
    // page table, the mark bitmap and the free-page bitmap; the pages follow.
    internal unsafe struct GcRegion
    {
        public byte* Pages;
        public ulong PageCount;
        public GcPage* PageTable;
        // One bit per 8 bytes of pages; an object's bit is the one of its first byte (its header).
        public ulong* MarkBits;
        // One bit per page; set = in the pool.
        public ulong* FreePageBits;
        public ulong FreePageCount;

        public byte* End => Pages + (PageCount << GcHeap.PageShift);

        public bool Contains(ulong address) => address >= (ulong)Pages && address < (ulong)End;

        public byte* PageAddress(ulong index) => Pages + (index << GcHeap.PageShift);

        public bool IsMarked(byte* cell)
        {
            ulong bit = (ulong)(cell - Pages) >> 3;
            return (MarkBits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
        }

        // Sets the cell's mark; false if it was set already.
        public bool TryMark(byte* cell)
        {
            ulong bit = (ulong)(cell - Pages) >> 3;
            ulong mask = 1UL << (int)(bit & 63);
            ulong* word = MarkBits + (bit >> 6);
            if ((*word & mask) != 0) return false;
            *word |= mask;
            return true;
        }

        public void ClearMark(byte* cell)
        {
            ulong bit = (ulong)(cell - Pages) >> 3;
            MarkBits[bit >> 6] &= ~(1UL << (int)(bit & 63));
        }
    }
}
