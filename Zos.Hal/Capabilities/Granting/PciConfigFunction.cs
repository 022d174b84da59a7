namespace Zos.Hal.Capabilities.Granting
{
    // The configuration space of exactly one PCI function: offsets are relative
    // to it, so nothing built on it can name another function. The kernel's is
    // PciConfigSpace.Function (legacy ports or ECAM); host tests back it with
    // an array. Callers have checked range and alignment.
    public abstract class PciConfigFunction
    {
        // 256 for legacy configuration access, 4096 with ECAM.
        public abstract int Size { get; }

        // "bus:device.function", for logs.
        public abstract string Address { get; }

        public abstract byte Read8(int offset);
        public abstract ushort Read16(int offset);
        public abstract uint Read32(int offset);
        public abstract void Write8(int offset, byte value);
        public abstract void Write16(int offset, ushort value);
        public abstract void Write32(int offset, uint value);
    }
}
