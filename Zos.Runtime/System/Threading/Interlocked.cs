using System.Runtime;
using System.Runtime.CompilerServices;

namespace System.Threading
{
    // Only the barrier so far: drivers need a store->load fence between
    // publishing a ring index and reading the device's event index (x86 may
    // reorder exactly that pair). One CPU runs today; the fence is for the
    // device, which reads and writes memory concurrently.
    public static class Interlocked
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_memory_barrier")]
        public static extern void MemoryBarrier();
    }
}
