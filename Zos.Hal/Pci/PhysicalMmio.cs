namespace Zos.Hal.Pci
{
    // The real registers, through the kernel's identity map of physical memory.
    public sealed class PhysicalMmio : MmioAccess
    {
        public static readonly PhysicalMmio Instance = new PhysicalMmio();

        private PhysicalMmio() { }

        public override byte Read8(ulong address) => Mmio.Read8(address);
        public override ushort Read16(ulong address) => Mmio.Read16(address);
        public override uint Read32(ulong address) => Mmio.Read32(address);
        public override void Write8(ulong address, byte value) => Mmio.Write8(address, value);
        public override void Write16(ulong address, ushort value) => Mmio.Write16(address, value);
        public override void Write32(ulong address, uint value) => Mmio.Write32(address, value);
    }
}
