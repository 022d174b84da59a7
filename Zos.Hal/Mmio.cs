using Zos.Hal.Native;

namespace Zos.Hal
{
    // Memory-mapped device registers (identity-mapped physical addresses).
    // Kernel-only: drivers receive MMIO regions as capabilities.
    public static class Mmio
    {
        public static byte Read8(ulong address) => NativeMmio.Read8(address);
        public static ushort Read16(ulong address) => NativeMmio.Read16(address);
        public static uint Read32(ulong address) => NativeCpu.MmioRead32(address);
        public static void Write8(ulong address, byte value) => NativeMmio.Write8(address, value);
        public static void Write16(ulong address, ushort value) => NativeMmio.Write16(address, value);
        public static void Write32(ulong address, uint value) => NativeCpu.MmioWrite32(address, value);
    }
}
