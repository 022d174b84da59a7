namespace Zos.Runtime.Gc
{
    // Handles: slots outside the heap that hold a reference for code the
    // collector cannot see (devices, native code). A strong handle keeps its
    // target alive; a weak one is cleared when its target dies. Slots are 16
    // bytes (target, kind) in reserved pages chained through their first slot;
    // free slots form a list through their target word. The heap never moves
    // objects, so a pinned handle is just a strong one.
    internal unsafe partial struct GcHeap
    {
        public const ulong HandleFree = 0;
        public const ulong HandleWeak = 1;
        public const ulong HandleStrong = 2;
        private const ulong SlotSize = 16;

        // A slot holding target, or null when no page is left for a new block of slots.
        public ulong* AllocateHandle(ulong target, ulong kind)
        {
            if (_freeHandles == null && !AddHandlePage()) return null;
            ulong* slot = _freeHandles;
            _freeHandles = (ulong*)slot[0];
            slot[0] = target;
            slot[1] = kind;
            return slot;
        }

        public void FreeHandle(ulong* slot)
        {
            slot[1] = HandleFree;
            slot[0] = (ulong)_freeHandles;
            _freeHandles = slot;
        }

        private bool AddHandlePage()
        {
            byte* page = TakePages(1, out GcRegion* region, out ulong index);
            if (page == null) return false;
            region->PageTable[index].Kind = GcPage.Reserved;
            *(ulong*)page = (ulong)_handlePages;
            _handlePages = (ulong*)page;
            for (ulong offset = PageSize - SlotSize; offset >= SlotSize; offset -= SlotSize)
                FreeHandle((ulong*)(page + offset));
            return true;
        }

        private void MarkStrongHandles()
        {
            for (ulong* page = _handlePages; page != null; page = (ulong*)page[0])
                for (ulong offset = SlotSize; offset < PageSize; offset += SlotSize)
                {
                    ulong* slot = (ulong*)((byte*)page + offset);
                    if (slot[1] == HandleStrong) MarkAddress(slot[0]);
                }
        }

        private void ClearDeadWeakHandles()
        {
            for (ulong* page = _handlePages; page != null; page = (ulong*)page[0])
                for (ulong offset = SlotSize; offset < PageSize; offset += SlotSize)
                {
                    ulong* slot = (ulong*)((byte*)page + offset);
                    if (slot[1] == HandleWeak && !SurvivesMarking(slot[0])) slot[0] = 0;
                }
        }
    }
}
