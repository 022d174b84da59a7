namespace Zos.Hal.Capabilities
{
    // Why a use of a capability was refused. Every one of them stops the using
    // domain in the kernel: a correct driver never commits any.
    public enum ViolationReason
    {
        Revoked,
        // The capability was granted to an earlier generation of its owner (before a restart).
        StaleGeneration,
        MissingRights,
        OutOfRange,
        // An access not aligned to its width (device registers and PCI configuration space need natural alignment).
        Misaligned,
        // A write to a PCI register only the kernel may change (BARs, expansion ROM).
        ProtectedRegister,
        // The owner's device reached for memory outside its DMA capabilities and the IOMMU blocked it.
        DmaBlocked,
    }
}
