namespace Zos.Hal.Drivers
{
    // A crash the kernel asks a running driver to commit, for testing its
    // containment and recovery (the shell's `inject`). Drivers pick these up
    // with DriverContext.TakeInjectedFault and commit them in their own code.
    public enum InjectedFault
    {
        None,
        // An exception no catch takes.
        Throw,
        // A field read through a null reference (a page fault).
        NullDereference,
        // A spin without heartbeats or yielding (the domain's watchdog).
        Hang,
        // Heartbeats and blocks but never answers (a request deadline).
        Stall,
        // A read past the registers the driver was granted (a capability violation).
        OutsideGrant,
        // Asks for I/O ports its manifest does not declare; denied, it gives up (an explicit failure).
        UngrantedPorts,
        // Allocates without end (the memory quota).
        OutOfMemory,
        // Points its device at memory it holds no DMA capability over
        // (DriverContext.StrayDmaTarget, a kernel page): the IOMMU blocks the
        // DMA and the kernel stops the driver. Refused where DMA is unchecked.
        StrayDma,
    }
}
