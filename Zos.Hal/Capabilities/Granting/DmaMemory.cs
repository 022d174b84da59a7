namespace Zos.Hal.Capabilities.Granting
{
    // Physically contiguous memory for DMA buffers. FrameDmaMemory takes frames
    // from the kernel's frame allocator; host tests simulate it. The device
    // address is what the device must be given: the physical address today,
    // an IOMMU mapping later.
    public abstract class DmaMemory
    {
        // bytes rounded up to whole pages by the implementation; every byte of the
        // block, seen from the device, lies below deviceAddressLimit (exclusive).
        public abstract bool TryAllocate(ulong bytes, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress);

        public abstract void Free(ulong physicalAddress, ulong bytes);

        // Where the device finds array[offset .. offset + length), if that memory
        // is physically contiguous, does not move while the array lives, and lies
        // below deviceAddressLimit; false where managed memory cannot be lent.
        public virtual bool TryLend(byte[] array, int offset, int length, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress)
        {
            physicalAddress = deviceAddress = 0;
            return false;
        }
    }
}
