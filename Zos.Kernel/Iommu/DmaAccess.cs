namespace Zos.Kernel.Iommu
{
    // What a device may do at a mapped page: the R and W bits of a
    // second-level entry (VT-d 3.4, 9.8). Read: the device may read the
    // memory (a buffer the driver filled for a write to disk); Write: it may
    // write it (a buffer a disk read fills).
    public enum DmaAccess
    {
        None = 0,
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }
}
