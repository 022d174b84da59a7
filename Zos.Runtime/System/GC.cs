using System.Runtime.CompilerServices;
using Zos.Runtime;

namespace System
{
    // The collector is non-generational: every collection is a full one, so
    // the count of each generation is the number of collections.
    public static class GC
    {
        public static void Collect() => KernelHeap.Collect();

        public static int CollectionCount(int generation)
        {
            if (generation < 0) throw new ArgumentOutOfRangeException("The generation must be non-negative.");
            return (int)KernelHeap.Collections;
        }

        public static long GetTotalMemory(bool forceFullCollection)
        {
            if (forceFullCollection) KernelHeap.Collect();
            return (long)KernelHeap.UsedBytes;
        }

        // Keeps obj reachable up to this call: the call itself uses it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void KeepAlive(object obj) { }

        // There are no finalizers to suppress.
        public static void SuppressFinalize(object obj)
        {
            if (obj is null) throw new ArgumentNullException("obj");
        }
    }
}
