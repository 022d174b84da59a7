using Zos.Hal.Native;

namespace Zos.Hal
{
    // Memory-mapped device registers (identity-mapped physical addresses).
    // Kernel-only: drivers receive MMIO regions as capabilities.
    public static class Mmio
    {
        public static uint Read32(ulong address) => NativeCpu.MmioRead32(address);
        public static void Write32(ulong address, uint value) => NativeCpu.MmioWrite32(address, value);
    }
}
