namespace Zos.Kernel.Iommu
{
    // The translation domain of one driver instance's device, as its DMA
    // capabilities come and go: each Map adds one buffer's pages (mapping
    // those not mapped yet, widening the rights of those shared with another
    // buffer), each Unmap takes one back (unmapping pages no buffer covers
    // any more, narrowing shared ones), with the unit's invalidation before
    // it returns. Callers serialize (IommuTranslation's lock).
    public sealed class DeviceDomain
    {
        private const ulong PageSize = SecondLevelTables.PageSize;

        private readonly PageReferences _pages = new PageReferences();
        // Device addresses unmapped or narrowed whose invalidation waits for Flush (empty: start >= end).
        private ulong _pendingStart = ulong.MaxValue, _pendingEnd;

        public DeviceDomain(VtdUnit unit, VtdDomain domain, ushort sourceId)
        {
            Unit = unit;
            Domain = domain;
            SourceId = sourceId;
        }

        public VtdUnit Unit { get; }
        public VtdDomain Domain { get; }
        public ushort SourceId { get; }
        // What its buffers map (reserved regions mapped at Attach not included).
        public ulong MappedBytes => (ulong)_pages.Count * PageSize;
        // Buffers mapped now (a shared page counts once per buffer).
        public int Buffers { get; private set; }

        // Whole pages; null, or why nothing changed.
        public string Map(ulong deviceAddress, ulong physicalAddress, ulong bytes, DmaAccess access)
        {
            ulong pages = bytes / PageSize;
            ulong firstPage = deviceAddress / PageSize;
            if (NoneReferenced(firstPage, pages))
            {
                // The usual case (a buffer sharing no page): one mapping, each page counted once.
                string error = Unit.Map(Domain, deviceAddress, physicalAddress, bytes, access);
                if (error is not null) return error;
                uint once = PageReferences.Adjusted(0, access, +1);
                for (ulong i = 0; i < pages; i++) _pages.Set(firstPage + i, once);
                Buffers++;
                return null;
            }
            for (ulong i = 0; i < pages; i++)
            {
                if (PageReferences.AccessOf(_pages.Get(firstPage + i)) == DmaAccess.None) continue;
                // Identity is Zos's rule (docs/iommu.md), so a shared page must already lead to the same frame.
                Domain.Tables.TryTranslate((firstPage + i) * PageSize, out ulong mappedTo, out _);
                if (mappedTo != physicalAddress + i * PageSize)
                    return "device page 0x" + ((firstPage + i) * PageSize).ToString("x") + " already leads to 0x" + mappedTo.ToString("x");
            }
            ulong done = 0;
            while (done < pages)
            {
                uint counts = _pages.Get(firstPage + done);
                DmaAccess before = PageReferences.AccessOf(counts);
                DmaAccess after = before | access;
                ulong run = RunLength(firstPage + done, pages - done, before);
                ulong address = (firstPage + done) * PageSize;
                string error = before == DmaAccess.None ? Unit.Map(Domain, address, physicalAddress + done * PageSize, run * PageSize, after)
                    : before != after ? Unit.ChangeAccess(Domain, address, run * PageSize, after)
                    : null;
                if (error is not null)
                {
                    if (done > 0) Release(firstPage, done, access, deferInvalidation: false);
                    return error;
                }
                for (ulong i = done; i < done + run; i++) _pages.Set(firstPage + i, PageReferences.Adjusted(_pages.Get(firstPage + i), access, +1));
                done += run;
            }
            Buffers++;
            return null;
        }

        // Takes back what one Map with the same range and access gave. With
        // `deferInvalidation` the unit's cached translations go only at the next
        // Flush: until then the device may still reach the memory.
        public string Unmap(ulong deviceAddress, ulong bytes, DmaAccess access, bool deferInvalidation = false)
        {
            ulong pages = bytes / PageSize;
            ulong firstPage = deviceAddress / PageSize;
            // Whether this buffer alone covers every page (the usual case), found while checking.
            uint once = PageReferences.Adjusted(0, access, +1);
            bool alone = true;
            for (ulong i = 0; i < pages; i++)
            {
                uint counts = _pages.Get(firstPage + i);
                if (((access & DmaAccess.Read) != 0 && PageReferences.Readers(counts) == 0)
                    || ((access & DmaAccess.Write) != 0 && PageReferences.Writers(counts) == 0))
                    return "device page 0x" + ((firstPage + i) * PageSize).ToString("x") + " is not mapped for " + AccessText(access);
                alone &= counts == once;
            }
            Buffers--;
            if (alone)
            {
                // Every page goes, under one invalidation.
                for (ulong i = 0; i < pages; i++) _pages.Set(firstPage + i, 0);
                return Invalidated(Unit.Unmap(Domain, deviceAddress, bytes, !deferInvalidation), deviceAddress, bytes, deferInvalidation);
            }
            return Release(firstPage, pages, access, deferInvalidation);
        }

        // The one invalidation every deferred Unmap since the last Flush waits for.
        public string Flush()
        {
            if (_pendingStart >= _pendingEnd) return null;
            ulong start = _pendingStart, end = _pendingEnd;
            _pendingStart = ulong.MaxValue;
            _pendingEnd = 0;
            return Unit.Invalidate(Domain, start, end - start);
        }

        // A table change's result; when deferred and done, its range joins the pending invalidation.
        private string Invalidated(string error, ulong deviceAddress, ulong bytes, bool deferred)
        {
            if (error is null && deferred)
            {
                if (deviceAddress < _pendingStart) _pendingStart = deviceAddress;
                if (deviceAddress + bytes > _pendingEnd) _pendingEnd = deviceAddress + bytes;
            }
            return error;
        }

        private bool NoneReferenced(ulong firstPage, ulong pages)
        {
            for (ulong i = 0; i < pages; i++)
                if (_pages.Get(firstPage + i) != 0) return false;
            return true;
        }


        // Drops one buffer's references to the pages; the first error, after going through all of them.
        private string Release(ulong firstPage, ulong pages, DmaAccess access, bool deferInvalidation)
        {
            string firstError = null;
            ulong done = 0;
            while (done < pages)
            {
                uint counts = _pages.Get(firstPage + done);
                DmaAccess before = PageReferences.AccessOf(counts);
                DmaAccess after = PageReferences.AccessOf(PageReferences.Adjusted(counts, access, -1));
                ulong run = RunLength(firstPage + done, pages - done, before, access);
                ulong address = (firstPage + done) * PageSize;
                string error = after == DmaAccess.None ? Unit.Unmap(Domain, address, run * PageSize, !deferInvalidation)
                    : before != after ? Unit.ChangeAccess(Domain, address, run * PageSize, after, !deferInvalidation)
                    : null;
                firstError ??= Invalidated(error, address, run * PageSize, deferInvalidation && before != after);
                for (ulong i = done; i < done + run; i++) _pages.Set(firstPage + i, PageReferences.Adjusted(_pages.Get(firstPage + i), access, -1));
                done += run;
            }
            return firstError;
        }

        // How many pages from `page` on (at most `limit`) are mapped with
        // `access` now and, after a buffer with `change` goes, still end up alike.
        private ulong RunLength(ulong page, ulong limit, DmaAccess access, DmaAccess change = DmaAccess.None)
        {
            DmaAccess after = change == DmaAccess.None ? access : PageReferences.AccessOf(PageReferences.Adjusted(_pages.Get(page), change, -1));
            ulong run = 1;
            while (run < limit)
            {
                uint counts = _pages.Get(page + run);
                if (PageReferences.AccessOf(counts) != access) break;
                if (change != DmaAccess.None && PageReferences.AccessOf(PageReferences.Adjusted(counts, change, -1)) != after) break;
                run++;
            }
            return run;
        }

        internal static string AccessText(DmaAccess access) =>
            access == DmaAccess.ReadWrite ? "read and write" : access == DmaAccess.Read ? "read" : access == DmaAccess.Write ? "write" : "nothing";
    }
}
