using Zos.Kernel.Memory;

namespace Zos.SelfTests
{
    // Many allocations of mixed sizes; every one must keep its own contents.
    public sealed class HeapStressTest : KernelTest
    {
        private const int Count = 20000;

        public override string Name => "memory.heap_stress";

        public override string Run()
        {
            // Garbage of earlier tests is gone first, so that only a collection during the test could free anything.
            System.GC.Collect();
            ulong before = KernelMemory.HeapUsedBytes;
            var blocks = new byte[Count][];
            for (int i = 0; i < Count; i++)
            {
                var block = new byte[1 + i % 200];
                for (int b = 0; b < block.Length; b++) block[b] = (byte)(i + b);
                blocks[i] = block;
            }
            for (int i = 0; i < Count; i++)
            {
                byte[] block = blocks[i];
                if (block.Length != 1 + i % 200) return "block " + i.ToString() + " has length " + block.Length.ToString();
                for (int b = 0; b < block.Length; b++)
                    if (block[b] != (byte)(i + b)) return "block " + i.ToString() + " corrupted at byte " + b.ToString();
            }
            ulong grown = KernelMemory.HeapUsedBytes - before;
            return Expect(grown >= (ulong)Count * 24, "heap grew by only " + grown.ToString() + " bytes");
        }
    }
}
