using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;
using Zos.Runtime.Gc;

namespace Zos.Runtime
{
    // The kernel's object heap. Objects allocated before the kernel hands over
    // RAM go to a bootstrap arena inside the image (static bases, early boot);
    // they are permanent and their fields are roots. From the first region on,
    // objects live in a garbage-collected GcHeap.
    //
    // Allocation and collection run with interrupts disabled, so a preempting
    // thread never sees a half-made object or a heap mid-collection. Interrupt
    // handlers must not allocate: the interrupted code may be inside the heap.
    //
    // Roots: the GC static slots of every module, the bootstrap arena's objects,
    // handles, and every thread's stack, scanned conservatively: the kernel's
    // zos_gc_scan_stacks calls back zos_gc_scan_range for each stack range.
    internal static unsafe class KernelHeap
    {
        private const ulong BootstrapSize = 512 * 1024;
        private const int MaxStaticRegions = 8;

        private static byte* s_arenaStart;
        private static byte* s_arenaNext;
        private static GcHeap s_heap;
        private static bool s_heapReady;
        private static bool s_collecting;
        private static StaticRegions s_statics;
        private static int s_staticRegionCount;
        // The running thread's memory account (GcHeap.Accounts), set by the scheduler on every switch.
        private static int s_currentAccount;

        private struct StaticRegions
        {
            public fixed ulong Start[MaxStaticRegions];
            public fixed ulong End[MaxStaticRegions];
        }

        private static GcHeap* Heap => (GcHeap*)Unsafe.AsPointer(ref s_heap);

        public static void InitializeBootstrap(byte* arena)
        {
            s_arenaStart = arena;
            s_arenaNext = arena;
        }

        // A module's GC static region: entries of relative pointers to blocks
        // whose first word is the static base object.
        public static void AddStaticRoots(byte* start, byte* end)
        {
            if (s_staticRegionCount == MaxStaticRegions) RuntimeFailure.Fail(FailureKind.HeapRegionTableFull, "too many GC static regions");
            s_statics.Start[s_staticRegionCount] = (ulong)start;
            s_statics.End[s_staticRegionCount] = (ulong)end;
            s_staticRegionCount++;
        }

        // Memory handed over must be mapped, writable and owned by the heap from now on.
        [RuntimeExport("zos_heap_add_region")]
        public static void AddRegion(ulong physicalBase, ulong size)
        {
            ulong flags = InterruptState.Disable();
            if (!s_heapReady)
            {
                Heap->Initialize(GcHeap.DefaultMinimumBudget);
                s_heapReady = true;
            }
            bool added = Heap->AddRegion((byte*)physicalBase, size);
            InterruptState.Restore(flags);
            if (!added) RuntimeFailure.Fail(FailureKind.HeapRegionTableFull, "the heap cannot take this region");
        }

        // Used and capacity count the bootstrap arena's objects too.
        [RuntimeExport("zos_heap_statistics")]
        public static void GetStatistics(ulong* usedBytes, ulong* capacityBytes, ulong* allocations, ulong* collections)
        {
            ulong arena = (ulong)(s_arenaNext - s_arenaStart);
            *usedBytes = arena + Heap->UsedBytes;
            *capacityBytes = arena + Heap->CapacityBytes;
            *allocations = Heap->Allocations;
            *collections = Heap->Collections;
        }

        public static ulong UsedBytes => (ulong)(s_arenaNext - s_arenaStart) + Heap->UsedBytes;

        public static ulong Collections => Heap->Collections;

        // A new object of the type, zeroed, its length set for arrays and strings.
        public static object AllocateObject(MethodTable* type, ulong size, int length)
        {
            ulong flags = InterruptState.Disable();
            if (s_heapReady && s_currentAccount != GcHeap.KernelAccount && InterruptState.WereEnabled(flags)) EnforceQuota(size, flags);
            byte* cell = s_heapReady ? AllocateCollecting(size) : AllocateFromArena(size);
            if (cell == null)
            {
                // With the caller's interrupt state back, so that the kernel can tell whether it can contain the failure.
                InterruptState.Restore(flags);
                RuntimeFailure.Fail(FailureKind.OutOfMemory, null);
            }
            nint obj = (nint)(cell + GcObjectLayout.HeaderSize);
            *(MethodTable**)obj = type;
            if (type->HasComponentSize) *(int*)(obj + sizeof(nint)) = length;
            InterruptState.Restore(flags);
            return Unsafe.As<nint, object>(ref obj);
        }

        private static byte* AllocateCollecting(ulong size)
        {
            bool collected = Heap->CollectionDue;
            if (collected) CollectWithRegistersSpilled();
            byte* cell = Heap->Allocate(size, s_currentAccount);
            if (cell != null || collected) return cell;
            // Out of pages: whatever a collection frees comes first.
            CollectWithRegistersSpilled();
            return Heap->Allocate(size, s_currentAccount);
        }

        // An allocation that would take the current account past its quota
        // first collects (the account's garbage may be what fills it); if it
        // still would, the account stops being enforced (whatever the failure
        // path allocates must not fail again) and the allocating thread fails
        // with MemoryQuotaExceeded, which the kernel contains to its domain.
        // Only when the caller had interrupts enabled: a failure inside a
        // kernel critical section could not be contained, so such allocations
        // are charged and the next interruptible one fails.
        private static void EnforceQuota(ulong size, ulong flags)
        {
            int account = s_currentAccount;
            if (!Heap->WouldExceedQuota(account, size)) return;
            CollectWithRegistersSpilled();
            if (!Heap->WouldExceedQuota(account, size)) return;
            ulong used = Heap->AccountBytes(account), quota = Heap->AccountQuota(account);
            Heap->StopEnforcing(account);
            InterruptState.Restore(flags);
            RuntimeFailure.Fail(FailureKind.MemoryQuotaExceeded, "memory quota of " + (quota / 1024).ToString() + " KiB exceeded: "
                + (used / 1024).ToString() + " KiB live, asked for " + size.ToString() + " bytes more");
        }

        [RuntimeExport("zos_heap_set_current_account")]
        private static void SetCurrentAccount(int account) => s_currentAccount = account;

        // A memory account for a fault domain (0, unlimited, when none is free).
        [RuntimeExport("zos_heap_open_account")]
        private static int OpenAccount(ulong quotaBytes)
        {
            ulong flags = InterruptState.Disable();
            int account = s_heapReady ? Heap->OpenAccount(quotaBytes) : GcHeap.KernelAccount;
            InterruptState.Restore(flags);
            return account;
        }

        // The account takes no more objects; it is reused once its last object died.
        [RuntimeExport("zos_heap_close_account")]
        private static void CloseAccount(int account)
        {
            ulong flags = InterruptState.Disable();
            Heap->CloseAccount(account);
            InterruptState.Restore(flags);
        }

        [RuntimeExport("zos_heap_account_bytes")]
        private static ulong AccountBytes(int account) => Heap->AccountBytes(account);

        private static byte* AllocateFromArena(ulong size)
        {
            size = (size + 7) & ~7UL;
            if ((ulong)(s_arenaStart + BootstrapSize - s_arenaNext) < size) return null;
            byte* cell = s_arenaNext;
            s_arenaNext += size;
            return cell;
        }

        public static void Collect()
        {
            ulong flags = InterruptState.Disable();
            if (s_heapReady) CollectWithRegistersSpilled();
            InterruptState.Restore(flags);
        }

        // Pushes the callee-saved registers, so that references only they hold
        // are on the stack, and calls CollectNow.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_gc_spill_registers_and_collect")]
        private static extern void CollectWithRegistersSpilled();

        [RuntimeExport("zos_gc_collect_now")]
        private static void CollectNow()
        {
            s_collecting = true;
            Heap->Collect(&MarkRoots, null);
            s_collecting = false;
        }

        private static void MarkRoots(GcHeap* heap, void* context)
        {
            for (int r = 0; r < s_staticRegionCount; r++)
                for (byte* entry = (byte*)s_statics.Start[r]; entry < (byte*)s_statics.End[r]; entry += sizeof(int))
                    heap->MarkAddress(*(ulong*)(entry + *(int*)entry));
            heap->MarkFromPermanentObjects(s_arenaStart, s_arenaNext);
            ScanStacks();
        }

        // Implemented by the kernel: calls zos_gc_scan_range for every thread's stack.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_gc_scan_stacks")]
        private static extern void ScanStacks();

        // Every aligned word in [low, high) that points at or into a heap object keeps it alive.
        [RuntimeExport("zos_gc_scan_range")]
        public static void ScanRange(byte* low, byte* high)
        {
            if (!s_collecting) RuntimeFailure.Fail(FailureKind.GarbageCollectorMisuse, "zos_gc_scan_range called outside a collection");
            Heap->MarkRange(low, high);
        }

        // Zeroed memory that is never freed or moved, for runtime structures
        // outside the object graph (interface dispatch caches): a byte array
        // kept alive by a strong handle (or in the permanent bootstrap arena).
        public static byte* AllocatePermanent(ulong size)
        {
            object array = AllocateObject(MethodTable.Of<byte[]>(), MethodTable.Of<byte[]>()->BaseSize + size, (int)size);
            if (s_heapReady) AllocateHandle(array, GcHeap.HandleStrong);
            return (byte*)Unsafe.As<object, nint>(ref array) + MethodTable.Of<byte[]>()->BaseSize - GcObjectLayout.HeaderSize;
        }

        // Handles for System.Runtime.InteropServices.GCHandle; null when out of memory.
        public static ulong* AllocateHandle(object target, ulong kind)
        {
            ulong flags = InterruptState.Disable();
            if (!s_heapReady) RuntimeFailure.Fail(FailureKind.GarbageCollectorMisuse, "GCHandle allocated before the heap has memory");
            ulong* slot = Heap->AllocateHandle((ulong)Unsafe.As<object, nint>(ref target), kind);
            if (slot == null)
            {
                CollectWithRegistersSpilled();
                slot = Heap->AllocateHandle((ulong)Unsafe.As<object, nint>(ref target), kind);
            }
            InterruptState.Restore(flags);
            if (slot == null) RuntimeFailure.Fail(FailureKind.OutOfMemory, null);
            return slot;
        }

        public static void FreeHandle(ulong* slot)
        {
            ulong flags = InterruptState.Disable();
            Heap->FreeHandle(slot);
            InterruptState.Restore(flags);
        }
    }
}
