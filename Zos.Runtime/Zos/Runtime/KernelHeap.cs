using System.Runtime;

namespace Zos.Runtime
{
    // Bump allocation over regions of zeroed memory. It starts in a bootstrap
    // arena inside the kernel image (enough for static bases and early boot) and
    // moves on to the regions the kernel adds once it knows the memory map.
    internal static unsafe class KernelHeap
    {
        private const int MaxRegions = 16;
        private const ulong BootstrapSize = 512 * 1024;

        private static byte* s_next;
        private static byte* s_limit;
        private static ulong s_allocatedBytes;
        private static ulong s_allocations;
        private static ulong s_capacityBytes;
        private static PendingRegions s_pending;
        private static int s_pendingCount;

        private struct PendingRegions
        {
            public fixed ulong Base[MaxRegions];
            public fixed ulong Size[MaxRegions];
        }

        public static void InitializeBootstrap(byte* arena)
        {
            s_next = arena;
            s_limit = arena + BootstrapSize;
            s_capacityBytes = BootstrapSize;
        }

        // Memory handed over must be mapped, writable and owned by the heap from now on.
        [RuntimeExport("zos_heap_add_region")]
        public static void AddRegion(ulong physicalBase, ulong size)
        {
            if (s_pendingCount == MaxRegions) RuntimeFailure.Fail(FailureKind.HeapRegionTableFull, null);
            s_pending.Base[s_pendingCount] = physicalBase;
            s_pending.Size[s_pendingCount] = size;
            s_pendingCount++;
            s_capacityBytes += size;
        }

        [RuntimeExport("zos_heap_statistics")]
        public static void GetStatistics(ulong* allocatedBytes, ulong* capacityBytes, ulong* allocations)
        {
            *allocatedBytes = s_allocatedBytes;
            *capacityBytes = s_capacityBytes;
            *allocations = s_allocations;
        }

        public static byte* Allocate(ulong size)
        {
            while ((ulong)(s_limit - s_next) < size)
            {
                if (s_pendingCount == 0) RuntimeFailure.Fail(FailureKind.OutOfMemory, null);
                s_pendingCount--;
                byte* regionBase = (byte*)s_pending.Base[s_pendingCount];
                ulong regionSize = s_pending.Size[s_pendingCount];
                Zero(regionBase, regionSize);
                // Whatever is left of the region being abandoned is lost; regions are large.
                s_capacityBytes -= (ulong)(s_limit - s_next);
                s_next = regionBase;
                s_limit = regionBase + regionSize;
            }
            byte* result = s_next;
            s_next += size;
            s_allocatedBytes += size;
            s_allocations++;
            return result;
        }

        private static void Zero(byte* start, ulong length)
        {
            ulong* words = (ulong*)start;
            for (ulong i = 0; i < length / 8; i++) words[i] = 0;
        }
    }
}
