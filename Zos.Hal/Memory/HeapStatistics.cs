namespace Zos.Hal.Memory
{
    public struct HeapStatistics
    {
        public ulong AllocatedBytes;
        public ulong CapacityBytes;
        public ulong Allocations;
    }
}
