namespace Zos.Runtime.Gc
{
    // What one page of a region holds. Pages of small objects are cut into
    // equal cells of one size class; a large object takes a run of whole pages.
    internal struct GcPage
    {
        public const byte Free = 0;
        public const byte Small = 1;
        public const byte LargeHead = 2;
        public const byte LargeTail = 3;
        // Taken by the collector itself (mark stack, handle table): never swept.
        public const byte Reserved = 4;

        public byte Kind;
        public byte SizeClass;
        public uint CellSize;
        public uint CellCount;
        // ceil(2^32 / CellSize): offset * it >> 32 is offset / CellSize, exactly,
        // for offsets and cell sizes below 2^15 (the error stays below one).
        public ulong CellReciprocal;
        // LargeHead: pages in the run. LargeTail: how many pages back the head is.
        public uint RunPages;
    }
}
