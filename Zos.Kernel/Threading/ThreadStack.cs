using Zos.Hal;
using Zos.Hal.Memory;

namespace Zos.Kernel.Threading
{
    // A kernel thread's stack: pages mapped in the stack region above the
    // identity map, with an unmapped guard page below them, so that an overflow
    // page-faults (on its own interrupt stack) instead of overwriting memory.
    public sealed unsafe class ThreadStack
    {
        public const ulong RegionBase = 0x40_0000_0000;     // 256 GiB: far above the 4 GiB identity map
        public const int MaxStacks = 1024;
        public const ulong SlotSize = 256 * 1024;
        public const ulong PageSize = FrameAllocator.FrameSize;

        private static readonly bool[] s_slotInUse = new bool[MaxStacks];
        private static PageMapper s_mapper;
        private static FrameAllocator s_frames;

        private readonly int _slot;

        private ThreadStack(int slot, ulong bytes)
        {
            _slot = slot;
            GuardPage = RegionBase + (ulong)slot * SlotSize;
            Bottom = GuardPage + PageSize;
            Top = Bottom + bytes;
        }

        public ulong GuardPage { get; }
        public ulong Bottom { get; }
        public ulong Top { get; }

        public static void Initialize(FrameAllocator frames)
        {
            s_frames = frames;
            s_mapper = new PageMapper(frames);
        }

        public bool IsGuardPage(ulong address) => address >= GuardPage && address < GuardPage + PageSize;

        // bytes: rounded up to pages; at most SlotSize minus the guard page.
        // Threads are started from several threads (the shell, the driver
        // supervisor, block services) and stacks freed on switches: the slot
        // table, the frames and the page tables change with interrupts disabled.
        public static ThreadStack Allocate(ulong bytes, out string error)
        {
            bytes = (bytes + PageSize - 1) & ~(PageSize - 1);
            if (bytes == 0 || bytes > SlotSize - PageSize)
            {
                error = "stack size must be between 4 KiB and " + ((SlotSize - PageSize) / 1024).ToString() + " KiB";
                return null;
            }
            ulong flags = Cpu.DisableInterruptsSaving();
            ThreadStack stack = AllocateSlot(bytes, out error);
            Cpu.RestoreInterrupts(flags);
            return stack;
        }

        private static ThreadStack AllocateSlot(ulong bytes, out string error)
        {
            error = null;
            int slot = -1;
            for (int i = 0; i < MaxStacks && slot < 0; i++) if (!s_slotInUse[i]) slot = i;
            if (slot < 0)
            {
                error = "all " + MaxStacks.ToString() + " thread stacks are in use";
                return null;
            }
            var stack = new ThreadStack(slot, bytes);
            for (ulong page = stack.Bottom; page < stack.Top; page += PageSize)
            {
                if (!s_frames.TryAllocate(out ulong frame)) error = "out of physical memory for a thread stack";
                else
                {
                    // Frames come back dirty: a stale word from an earlier thread in an uninitialised slot
                    // would keep its object alive for the conservative stack scan (and leak between domains).
                    new System.Span<byte>((void*)frame, (int)PageSize).Clear();
                    error = s_mapper.MapData(page, frame);
                }
                if (error is not null)
                {
                    stack.UnmapPages();
                    return null;
                }
            }
            s_slotInUse[slot] = true;
            return stack;
        }

        // With interrupts disabled (the scheduler frees stacks as it switches).
        public void Free()
        {
            UnmapPages();
            s_slotInUse[_slot] = false;
        }

        private void UnmapPages()
        {
            for (ulong page = Bottom; page < Top; page += PageSize)
            {
                ulong frame = s_mapper.Unmap(page);
                if (frame != 0) s_frames.Free(frame);
            }
        }
    }
}
