using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Runtime
{
    // Makes runtime operations (heap, monitors) atomic on one CPU: interrupts,
    // and so preemption, are off from Disable to Restore. Nesting works: Restore
    // turns them back on only if Disable found them on. The primitives are
    // Zos.Hal's cpu.asm, linked into the same image.
    internal static class InterruptState
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_disable_interrupts_saving")]
        public static extern ulong Disable();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_restore_interrupts")]
        public static extern void Restore(ulong flags);

        // Whether interrupts were on when Disable returned these flags (RFLAGS.IF).
        public static bool WereEnabled(ulong flags) => (flags & 0x200) != 0;
    }
}
