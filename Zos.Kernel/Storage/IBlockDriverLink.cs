namespace Zos.Kernel.Storage
{
    // Where a block device finds its driver: the kernel asks the supervisor,
    // host tests a simulated driver that can be crashed at will.
    public interface IBlockDriverLink
    {
        // The incarnation serving now (the same object while it runs), or null
        // while the driver is not Running.
        BlockDriverSession Current { get; }
        // Why the driver will never serve again (Failed), or null.
        string FailedReason { get; }
        // Whether the device of an ended incarnation can no longer touch memory
        // lent to it (the recovery stopped its DMA). Until then, parts that were
        // lent to it wait; after a recovery that failed (quarantine), for ever.
        bool EndedDeviceStopped { get; }
    }
}
