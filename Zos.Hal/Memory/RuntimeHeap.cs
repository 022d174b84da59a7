using Zos.Hal.Native;

namespace Zos.Hal.Memory
{
    // The runtime's object heap, seen from the kernel: it starts in a small
    // arena inside the image, and the kernel gives it RAM once it knows the memory map.
    public static unsafe class RuntimeHeap
    {
        // The range must be identity-mapped, writable, and never used for anything else.
        public static void AddRegion(ulong physicalBase, ulong size) => NativeCpu.HeapAddRegion(physicalBase, size);

        public static HeapStatistics Statistics
        {
            get
            {
                HeapStatistics s;
                NativeCpu.HeapStatistics(&s.AllocatedBytes, &s.CapacityBytes, &s.Allocations);
                return s;
            }
        }
    }
}
