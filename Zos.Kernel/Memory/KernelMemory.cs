using System;
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
        // The heap takes half of the free RAM: the rest is for frames (stacks, DMA, page tables).
        private const int HeapShareDivisor = 2;
        private const ulong MinimumHeapBytes = 8UL * 1024 * 1024;

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

            // Half of what is free, in one piece: the largest that fits, halving the wish while none does.
            ulong heapFrames = s_frames.FreeFrames / HeapShareDivisor;
            ulong heapBase;
            while (!s_frames.TryAllocateContiguous((int)heapFrames, FrameAllocator.FrameSize, out heapBase))
            {
                heapFrames /= 2;
                if (heapFrames * FrameAllocator.FrameSize < MinimumHeapBytes)
                    return "no contiguous " + (MinimumHeapBytes >> 20).ToString() + " MiB for the kernel heap";
            }
            RuntimeHeap.AddRegion(heapBase, heapFrames * FrameAllocator.FrameSize);
            return null;
        }

        // Whether a command may hold this many bytes of kernel heap for a
        // while: at most half of what is free after a collection, so the kernel
        // keeps room for everything else. Null, or why not.
        public static string CheckRoomFor(ulong bytes, string purpose)
        {
            GC.Collect();
            ulong free = RuntimeHeap.Statistics.FreeBytes;
            if (bytes <= free / 2) return null;
            return purpose + " needs " + Mebibytes(bytes) + " MiB of kernel heap; " + Mebibytes(free) + " MiB is free and a command may take half";
        }

        private static string Mebibytes(ulong bytes) => ((bytes + (1 << 20) - 1) >> 20).ToString();
    }
}
