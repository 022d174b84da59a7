using Zos.Hal.Native;

namespace Zos.Hal.Memory
{
    // The runtime's garbage-collected object heap, seen from the kernel: it
    // starts in a small arena inside the image, and the kernel gives it RAM
    // once it knows the memory map.
    public static unsafe class RuntimeHeap
    {
        // The range must be identity-mapped, writable, and never used for anything else.
        public static void AddRegion(ulong physicalBase, ulong size) => NativeCpu.HeapAddRegion(physicalBase, size);

        public static HeapStatistics Statistics
        {
            get
            {
                HeapStatistics s;
                NativeCpu.HeapStatistics(&s.UsedBytes, &s.CapacityBytes, &s.Allocations, &s.Collections);
                return s;
            }
        }

        // Memory accounts (one per fault domain with a quota): objects are charged
        // to the running thread's account and credited back when collected; an
        // allocation past the quota fails the allocating thread with
        // "memory quota exceeded", which FaultContainment contains to its domain.
        // 0 is the kernel's account, without a quota; OpenAccount returns it when
        // every account is taken.
        public static int OpenAccount(ulong quotaBytes) => NativeCpu.HeapOpenAccount(quotaBytes);

        // No more objects are charged to it; it is reused once its last object died.
        public static void CloseAccount(int account) => NativeCpu.HeapCloseAccount(account);

        // Bytes of the account's objects not yet collected.
        public static ulong AccountBytes(int account) => NativeCpu.HeapAccountBytes(account);

        // Only during a collection, from zos_gc_scan_stacks: every aligned word
        // in [low, high) that points at or into an object keeps it alive.
        public static void ScanConservatively(byte* low, byte* high) => NativeCpu.GcScanRange(low, high);
    }
}
