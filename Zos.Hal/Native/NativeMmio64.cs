using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Hal.Native
{
    // The 64-bit MMIO primitives of mmio64.asm.
    internal static class NativeMmio64
    {
        [RuntimeImport("zos_mmio_read64"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong Read64(ulong address);
        [RuntimeImport("zos_mmio_write64"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Write64(ulong address, ulong value);
    }
}
