namespace Zos.Hal.Capabilities.Granting
{
    // What makes a DMA capability a hardware grant: the kernel's IOMMU, which
    // lets an owner's device reach only the memory its DMA capabilities cover.
    // The authority maps a buffer when it is allocated or lent and unmaps it
    // when it is revoked (freed, loan ended, owner revoked at a crash), always
    // under its lock. Without one (no IOMMU) DMA is unchecked.
    public abstract class DmaTranslation
    {
        // Lets the owner's device reach [deviceAddress, + bytes) as
        // [physicalAddress, + bytes), whole 4 KiB pages, with `rights` (Read:
        // the device may read it; Write: it may write it). Null, or why not (then
        // nothing was mapped). An owner whose device no unit covers: null.
        public abstract string Map(CapabilityOwner owner, ulong deviceAddress, ulong physicalAddress, ulong bytes, CapabilityRights rights);

        // Takes back what one Map gave. When it returns null the device can no
        // longer reach the memory (translations invalidated), which may then be
        // reused; otherwise why not, and the memory must not be reused.
        public abstract string Unmap(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights);

        // Unmap for loans that end together (CapabilityAuthority.EndLoans): the
        // device may still reach the memory until FlushUnmaps returns null,
        // which then invalidates once for all of them.
        public virtual string UnmapUnflushed(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights) =>
            Unmap(owner, deviceAddress, bytes, rights);

        public virtual string FlushUnmaps() => null;
    }
}
