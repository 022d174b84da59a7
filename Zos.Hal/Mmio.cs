using Zos.Hal.Native;

namespace Zos.Hal
{
    // Memory-mapped device registers (identity-mapped physical addresses), one
    // access of exactly the named width each. Kernel-only: drivers receive MMIO
    // regions as capabilities.
    public static class Mmio
    {
        public static byte Read8(ulong address) => NativeMmio.Read8(address);
        public static ushort Read16(ulong address) => NativeMmio.Read16(address);
        public static uint Read32(ulong address) => NativeMmio.Read32(address);
        public static ulong Read64(ulong address) => NativeMmio.Read64(address);
        public static void Write8(ulong address, byte value) => NativeMmio.Write8(address, value);
        public static void Write16(ulong address, ushort value) => NativeMmio.Write16(address, value);
        public static void Write32(ulong address, uint value) => NativeMmio.Write32(address, value);
        public static void Write64(ulong address, ulong value) => NativeMmio.Write64(address, value);
    }
}
