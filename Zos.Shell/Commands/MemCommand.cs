using Zos.Hal.Memory;
using Zos.Kernel.Memory;

namespace Zos.Shell.Commands
{
    public sealed class MemCommand : ShellCommand
    {
        public override string Name => "mem";
        public override string Usage => "mem";
        public override string Summary => "physical memory, kernel heap use and collections";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            FrameAllocator frames = KernelMemory.Frames;
            HeapStatistics heap = RuntimeHeap.Statistics;
            output.WriteLine("usable_bytes: " + KernelMemory.UsableBytes.ToString());
            output.WriteLine("unused_bytes: " + KernelMemory.UnusedBytes.ToString());
            output.WriteLine("frames_total: " + frames.TotalFrames.ToString());
            output.WriteLine("frames_free: " + frames.FreeFrames.ToString());
            output.WriteLine("frames_used: " + frames.UsedFrames.ToString());
            output.WriteLine("heap_used_bytes: " + heap.UsedBytes.ToString());
            output.WriteLine("heap_free_bytes: " + heap.FreeBytes.ToString());
            output.WriteLine("heap_capacity_bytes: " + heap.CapacityBytes.ToString());
            output.WriteLine("heap_base: 0x" + KernelMemory.HeapBase.ToString("x"));
            output.WriteLine("heap_allocations: " + heap.Allocations.ToString());
            output.WriteLine("heap_collections: " + heap.Collections.ToString());
            return null;
        }
    }
}
