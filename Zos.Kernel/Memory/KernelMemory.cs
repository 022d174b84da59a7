using Zos.Hal.Memory;
using Zos.Kernel.Boot;

namespace Zos.Kernel.Memory
{
    // Physical memory at boot: the frame allocator over the firmware's memory
    // map, with the kernel image, the boot information and GRUB's modules kept
    // out of it, and the runtime heap's RAM taken from it.
    public static class KernelMemory
    {
        // The boot stub identity-maps the first 4 GiB; RAM above it waits for the paging work.
        private const ulong MappedLimit = 0x1_0000_0000UL;
        private const ulong LowMemoryEnd = 0x100000;       // BIOS data, EBDA, video memory, ROMs
        private const ulong MaxHeapBytes = 64UL * 1024 * 1024;

        private static FrameAllocator s_frames;
        private static ulong s_usableBytes;

        public static FrameAllocator Frames => s_frames;

        public static ulong UsableBytes => s_usableBytes;

        public static ulong HeapUsedBytes => RuntimeHeap.Statistics.UsedBytes;

        public static string Initialize(Multiboot2Info boot, ulong bootInfoAddress, ulong kernelStart, ulong kernelEnd)
        {
            MemoryRegion[] map = boot.MemoryMap;
            if (map is null || map.Length == 0) return "the boot loader gave no memory map";
            ulong end = 0;
            for (int i = 0; i < map.Length; i++)
                if (map[i].Kind == MemoryKind.Available && map[i].End > end) end = map[i].End;
            if (end > MappedLimit) end = MappedLimit;

            s_frames = new FrameAllocator(new ulong[FrameAllocator.BitmapWords(end)]);
            for (int i = 0; i < map.Length; i++)
                if (map[i].Kind == MemoryKind.Available && map[i].Base < end)
                {
                    ulong regionEnd = map[i].End < end ? map[i].End : end;
                    s_frames.MarkFree(map[i].Base, regionEnd - map[i].Base);
                    s_usableBytes += regionEnd - map[i].Base;
                }
            s_frames.MarkUsed(0, LowMemoryEnd);
            s_frames.MarkUsed(kernelStart, kernelEnd - kernelStart);
            s_frames.MarkUsed(bootInfoAddress, (ulong)boot.TotalSize);
            for (int i = 0; i < boot.Modules.Length; i++)
                s_frames.MarkUsed(boot.Modules[i].Start, boot.Modules[i].Length);

            // Half of what is free, at most 64 MiB, in one piece.
            ulong heapBytes = s_frames.FreeFrames * FrameAllocator.FrameSize / 2;
            if (heapBytes > MaxHeapBytes) heapBytes = MaxHeapBytes;
            int heapFrames = (int)(heapBytes / FrameAllocator.FrameSize);
            if (!s_frames.TryAllocateContiguous(heapFrames, FrameAllocator.FrameSize, out ulong heapBase))
                return "no contiguous " + (heapBytes >> 20).ToString() + " MiB for the kernel heap";
            RuntimeHeap.AddRegion(heapBase, (ulong)heapFrames * FrameAllocator.FrameSize);
            return null;
        }
    }
}
