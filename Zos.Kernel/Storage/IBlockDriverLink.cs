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
    }
}
