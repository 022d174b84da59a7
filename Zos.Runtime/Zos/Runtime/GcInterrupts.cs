using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // Makes heap operations atomic on one CPU: interrupts (and so preemption)
    // are off from Disable to Restore. Nesting works: Restore puts back the
    // RFLAGS that Disable saw. Native/gc.asm implements both.
    internal static class GcInterrupts
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_gc_disable_interrupts")]
        public static extern ulong Disable();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_gc_restore_interrupts")]
        public static extern void Restore(ulong flags);
    }
}
