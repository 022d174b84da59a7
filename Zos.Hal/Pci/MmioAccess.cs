namespace Zos.Hal.Pci
{
    // Memory-mapped registers at physical addresses: the hardware through Mmio
    // in the kernel (PhysicalMmio), a simulation in host tests. ECAM and MSI-X
    // tables are reached through it.
    public abstract class MmioAccess
    {
        public abstract byte Read8(ulong address);
        public abstract ushort Read16(ulong address);
        public abstract uint Read32(ulong address);
        public abstract void Write8(ulong address, byte value);
        public abstract void Write16(ulong address, ushort value);
        public abstract void Write32(ulong address, uint value);
    }
}
