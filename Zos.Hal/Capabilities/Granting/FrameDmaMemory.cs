using Zos.Hal.Memory;

namespace Zos.Hal.Capabilities.Granting
{
    // DMA memory from the kernel's frame allocator: contiguous frames, device
    // address = physical address (no IOMMU). The allocator is shared with the
    // rest of the kernel, so each call runs with interrupts disabled.
    public sealed class FrameDmaMemory : DmaMemory
    {
        private readonly FrameAllocator _frames;

        public FrameDmaMemory(FrameAllocator frames)
        {
            _frames = frames;
        }

        public override bool TryAllocate(ulong bytes, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress)
        {
            int frames = (int)((bytes + FrameAllocator.FrameSize - 1) / FrameAllocator.FrameSize);
            ulong flags = Cpu.DisableInterruptsSaving();
            bool found = _frames.TryAllocateContiguous(frames, FrameAllocator.FrameSize, out physicalAddress);
            // The allocator searches upwards from low memory, so a block above the
            // limit means none below it was free.
            if (found && physicalAddress + (ulong)frames * FrameAllocator.FrameSize > deviceAddressLimit)
            {
                FreeFrames(physicalAddress, frames);
                found = false;
            }
            Cpu.RestoreInterrupts(flags);
            deviceAddress = found ? physicalAddress : 0;
            if (!found) physicalAddress = 0;
            return found;
        }

        public override void Free(ulong physicalAddress, ulong bytes)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            FreeFrames(physicalAddress, (int)((bytes + FrameAllocator.FrameSize - 1) / FrameAllocator.FrameSize));
            Cpu.RestoreInterrupts(flags);
        }

        // The kernel heap is identity-mapped (virtual = physical) and its
        // collector never moves an object, so an array's elements are physically
        // contiguous and stay where they are while the array is reachable.
        public override unsafe bool TryLend(byte[] array, int offset, int length, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress)
        {
            fixed (byte* first = &array[offset]) physicalAddress = (ulong)first;
            deviceAddress = physicalAddress;
            if (physicalAddress + (ulong)length <= deviceAddressLimit) return true;
            physicalAddress = deviceAddress = 0;
            return false;
        }

        private void FreeFrames(ulong physicalAddress, int frames)
        {
            for (int i = 0; i < frames; i++) _frames.Free(physicalAddress + (ulong)i * FrameAllocator.FrameSize);
        }
    }
}
