using System;
using Zos.Hal.Memory;
using Zos.Kernel.Boot;

namespace Zos.Kernel.Memory
{
    // Physical memory at boot: the frame allocator over the firmware's memory
    // map, with the kernel image, the boot information and GRUB's modules kept
    // out of it, RAM above boot.asm's 4 GiB identity map mapped at its own
    // address, and the runtime heap's RAM taken from it.
    public static class KernelMemory
    {
        private const ulong MappedLimit = 0x1_0000_0000UL;
        // The frame bitmap lives in the runtime's boot arena (the heap does not exist yet): 256 KiB of it covers 8 GiB.
        private const ulong SupportedEnd = 8UL << 30;
        private const ulong LowMemoryEnd = 0x100000;       // BIOS data, EBDA, video memory, ROMs
        // The heap takes half of the free RAM: the rest is for frames (stacks, DMA, page tables).
        private const int HeapShareDivisor = 2;
        private const ulong MinimumHeapBytes = 8UL * 1024 * 1024;

        private static FrameAllocator s_frames;
        private static ulong s_usableBytes;

        public static FrameAllocator Frames => s_frames;

        public static ulong UsableBytes => s_usableBytes;
        // RAM the memory map reports that the kernel does not use (beyond SupportedEnd, unmappable, partial pages), for `mem`.
        public static ulong UnusedBytes { get; private set; }
        public static ulong HeapBase { get; private set; }
        public static ulong HeapBytes { get; private set; }

        public static ulong HeapUsedBytes => RuntimeHeap.Statistics.UsedBytes;

        public static string Initialize(Multiboot2Info boot, ulong bootInfoAddress, ulong kernelStart, ulong kernelEnd)
        {
            MemoryRegion[] map = boot.MemoryMap;
            if (map is null || map.Length == 0) return "the boot loader gave no memory map";
            ulong end = 0, reported = 0;
            for (int i = 0; i < map.Length; i++)
                if (map[i].Kind == MemoryKind.Available)
                {
                    if (map[i].End > end) end = map[i].End;
                    reported += map[i].End - map[i].Base;
                }
            if (end > SupportedEnd) end = SupportedEnd;

            // Below 4 GiB first: the page tables that map what lies above come from there.
            s_frames = new FrameAllocator(new ulong[FrameAllocator.BitmapWords(end)]);
            for (int i = 0; i < map.Length; i++)
                if (map[i].Kind == MemoryKind.Available) Add(map[i], 0, MappedLimit < end ? MappedLimit : end);
            s_frames.MarkUsed(0, LowMemoryEnd);
            s_frames.MarkUsed(kernelStart, kernelEnd - kernelStart);
            s_frames.MarkUsed(bootInfoAddress, (ulong)boot.TotalSize);
            for (int i = 0; i < boot.Modules.Length; i++)
                s_frames.MarkUsed(boot.Modules[i].Start, boot.Modules[i].Length);
            IdentityMappedMemory.Instance.UseMapper(new PageMapper(s_frames));
            for (int i = 0; i < map.Length; i++)
                if (map[i].Kind == MemoryKind.Available) Add(map[i], MappedLimit, end);
            UnusedBytes = reported > s_usableBytes ? reported - s_usableBytes : 0;

            ulong heapBytes = s_frames.FreeFrames / HeapShareDivisor * FrameAllocator.FrameSize;
            string error = PlaceHeap(map, end, heapBytes);
            if (error is not null) return error;
            RuntimeHeap.AddRegion(HeapBase, HeapBytes);
            return null;
        }

        // The part of the region within [from, to), page-aligned, as free frames (mapped first above 4 GiB).
        private static void Add(MemoryRegion region, ulong from, ulong to)
        {
            ulong start = AlignUp(region.Base > from ? region.Base : from);
            ulong stop = (region.End < to ? region.End : to) & ~(FrameAllocator.FrameSize - 1);
            if (start >= stop) return;
            if (start >= MappedLimit && IdentityMappedMemory.Instance.MapRam(start, stop) is not null) return;
            s_frames.MarkFree(start, stop - start);
            s_usableBytes += stop - start;
        }

        private static ulong AlignUp(ulong address) => (address + FrameAllocator.FrameSize - 1) & ~(FrameAllocator.FrameSize - 1);

        // The heap lives as high as it can: the largest RAM range above 4 GiB
        // (up to the wish), since memory below 4 GiB is what 32-bit DMA and page
        // tables need; else the largest run below that fits, halving the wish while none does.
        private static string PlaceHeap(MemoryRegion[] map, ulong end, ulong wish)
        {
            ulong bestStart = 0, bestBytes = 0;
            for (int i = 0; i < map.Length; i++)
            {
                if (map[i].Kind != MemoryKind.Available || map[i].End <= MappedLimit) continue;
                ulong start = AlignUp(map[i].Base > MappedLimit ? map[i].Base : MappedLimit);
                ulong stop = (map[i].End < end ? map[i].End : end) & ~(FrameAllocator.FrameSize - 1);
                if (stop <= start || !s_frames.IsFree(start)) continue;
                ulong bytes = stop - start < wish ? stop - start : wish;
                if (bytes > bestBytes) (bestStart, bestBytes) = (stop - bytes, bytes);
            }
            if (bestBytes >= MinimumHeapBytes)
            {
                s_frames.MarkUsed(bestStart, bestBytes);
                (HeapBase, HeapBytes) = (bestStart, bestBytes);
                return null;
            }
            ulong frames = wish / FrameAllocator.FrameSize;
            ulong heapBase;
            while (!s_frames.TryAllocateContiguous((int)frames, FrameAllocator.FrameSize, out heapBase))
            {
                frames /= 2;
                if (frames * FrameAllocator.FrameSize < MinimumHeapBytes)
                    return "no contiguous " + (MinimumHeapBytes >> 20).ToString() + " MiB for the kernel heap";
            }
            (HeapBase, HeapBytes) = (heapBase, frames * FrameAllocator.FrameSize);
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
