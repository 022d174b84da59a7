namespace Zos.Hal.Memory
{
    public struct HeapStatistics
    {
        // Bytes taken by objects (rounded to their size class), boot-time objects included.
        public ulong UsedBytes;
        public ulong CapacityBytes;
        public ulong Allocations;
        public ulong Collections;

        public readonly ulong FreeBytes => CapacityBytes - UsedBytes;
    }
}
