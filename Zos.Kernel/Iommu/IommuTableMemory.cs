using Zos.Hal.Memory;

namespace Zos.Kernel.Iommu
{
    // Where a remapping unit's tables live (root, context and second-level
    // page tables): zeroed 4 KiB frames from the frame allocator, entries
    // written with single 64-bit stores (a unit may walk a table while it
    // changes, and must never see half an entry). The kernel gives it the
    // identity-mapped memory; host tests a simulated address space with RAM
    // placed, so the same tables are built and walked by a simulated unit.
    public class IommuTableMemory
    {
        public const ulong TableSize = 4096;

        private readonly FrameAllocator _frames;
        private readonly PhysicalMemory _memory;

        public IommuTableMemory(FrameAllocator frames, PhysicalMemory memory)
        {
            _frames = frames;
            _memory = memory;
        }

        // Frames held by tables now.
        public int TablesInUse { get; private set; }

        public bool TryAllocateTable(out ulong address)
        {
            if (!_frames.TryAllocate(out address)) return false;
            _memory.ZeroBytes(address, TableSize);
            TablesInUse++;
            return true;
        }

        public void FreeTable(ulong address)
        {
            _frames.Free(address);
            TablesInUse--;
        }

        public ulong ReadEntry(ulong address) => _memory.Read64(address);

        public void WriteEntry(ulong address, ulong value) => _memory.Write64(address, value);

        // A unit that does not snoop CPU caches (ECAP.C = 0, VT-d 3.4, 6.6)
        // reads tables from memory: entries changed in [address, address +
        // length) must be written back before it is told about them. QEMU is
        // coherent whatever ECAP says, so the default does nothing; a kernel
        // for real hardware overrides this with CLFLUSH of the lines.
        public virtual void WriteBackForDevice(ulong address, ulong length) { }
    }
}
