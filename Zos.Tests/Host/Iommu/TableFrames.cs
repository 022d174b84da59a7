using Zos.Hal.Memory;
using Zos.Kernel.Iommu;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Iommu;

// RAM for IOMMU tables, as the kernel gets it: frames of a FrameAllocator,
// here over an array placed in a simulated address space.
public sealed class TableFrames
{
    public const ulong RamBase = 0x20_0000;

    public TableFrames(int frames, SimulatedPhysicalMemory? memory = null)
    {
        Memory = (memory ?? new SimulatedPhysicalMemory()).Place(RamBase, new byte[frames * 4096]);
        Allocator = new FrameAllocator(new ulong[FrameAllocator.BitmapWords(RamBase + (ulong)frames * 4096)]);
        Allocator.MarkFree(RamBase, (ulong)frames * 4096);
        Tables = new IommuTableMemory(Allocator, Memory);
    }

    public SimulatedPhysicalMemory Memory { get; }
    public FrameAllocator Allocator { get; }
    public IommuTableMemory Tables { get; }
}
