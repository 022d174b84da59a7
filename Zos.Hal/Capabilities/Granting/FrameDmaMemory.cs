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

        private void FreeFrames(ulong physicalAddress, int frames)
        {
            for (int i = 0; i < frames; i++) _frames.Free(physicalAddress + (ulong)i * FrameAllocator.FrameSize);
        }
    }
}
