using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Hal.Native
{
    // The MMIO primitives of mmio.asm. Only IdentityMappedMemory calls them:
    // everything else reaches registers through PhysicalMemory.
    internal static class NativeMmio
    {
        [RuntimeImport("zos_mmio_read8"), MethodImpl(MethodImplOptions.InternalCall)] public static extern byte Read8(ulong address);
        [RuntimeImport("zos_mmio_read16"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ushort Read16(ulong address);
        [RuntimeImport("zos_mmio_read32"), MethodImpl(MethodImplOptions.InternalCall)] public static extern uint Read32(ulong address);
        [RuntimeImport("zos_mmio_read64"), MethodImpl(MethodImplOptions.InternalCall)] public static extern ulong Read64(ulong address);
        [RuntimeImport("zos_mmio_write8"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Write8(ulong address, byte value);
        [RuntimeImport("zos_mmio_write16"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Write16(ulong address, ushort value);
        [RuntimeImport("zos_mmio_write32"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Write32(ulong address, uint value);
        [RuntimeImport("zos_mmio_write64"), MethodImpl(MethodImplOptions.InternalCall)] public static extern void Write64(ulong address, ulong value);
    }
}
