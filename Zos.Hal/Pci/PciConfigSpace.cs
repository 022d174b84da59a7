using System;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Hal.Pci
{
    // Configuration space access, whatever the mechanism (legacy ports, ECAM, a
    // simulation in host tests). The public accessors check the address and the
    // offset, so a mechanism only ever sees naturally aligned accesses inside
    // the space it reaches; a bad request is a caller's bug and throws.
    public abstract class PciConfigSpace
    {
        // "legacy" or "ecam" (or what a simulation calls itself).
        public abstract string Mechanism { get; }

        // Bytes of configuration space per function: 256, or 4096 with ECAM.
        public abstract int FunctionSize { get; }

        // The segment groups and buses this mechanism reaches.
        public abstract PciBusRange[] BusRanges { get; }

        public bool Reaches(PciAddress address)
        {
            PciBusRange[] ranges = BusRanges;
            for (int i = 0; i < ranges.Length; i++)
                if (ranges[i].Contains(address.Segment, address.Bus)) return true;
            return false;
        }

        public byte Read8(PciAddress address, int offset)
        {
            Check(address, offset, 1);
            return Load8(address, offset);
        }

        public ushort Read16(PciAddress address, int offset)
        {
            Check(address, offset, 2);
            return Load16(address, offset);
        }

        public uint Read32(PciAddress address, int offset)
        {
            Check(address, offset, 4);
            return Load32(address, offset);
        }

        public void Write8(PciAddress address, int offset, byte value)
        {
            Check(address, offset, 1);
            Store8(address, offset, value);
        }

        public void Write16(PciAddress address, int offset, ushort value)
        {
            Check(address, offset, 2);
            Store16(address, offset, value);
        }

        public void Write32(PciAddress address, int offset, uint value)
        {
            Check(address, offset, 4);
            Store32(address, offset, value);
        }

        // One function's space alone, for the capability layer: offsets are the
        // function's own, so nothing built on it reaches another function.
        public PciConfigFunction Function(PciAddress address) => new FunctionWindow(this, address);

        protected abstract byte Load8(PciAddress address, int offset);
        protected abstract ushort Load16(PciAddress address, int offset);
        protected abstract uint Load32(PciAddress address, int offset);
        protected abstract void Store8(PciAddress address, int offset, byte value);
        protected abstract void Store16(PciAddress address, int offset, ushort value);
        protected abstract void Store32(PciAddress address, int offset, uint value);

        private void Check(PciAddress address, int offset, int width)
        {
            if (offset < 0 || offset > FunctionSize - width)
                throw new ArgumentException("configuration offset 0x" + offset.ToString("x") + " is outside the "
                    + FunctionSize.ToString() + "-byte space of " + Mechanism + " access");
            if ((offset & (width - 1)) != 0)
                throw new ArgumentException("configuration offset 0x" + offset.ToString("x") + " is not aligned for a " + (width * 8).ToString() + "-bit access");
            if (!Reaches(address))
                throw new ArgumentException("PCI " + address.ToString() + " is outside the buses " + Mechanism + " access reaches");
        }

        private sealed class FunctionWindow : PciConfigFunction
        {
            private readonly PciConfigSpace _space;
            private readonly PciAddress _address;

            public FunctionWindow(PciConfigSpace space, PciAddress address)
            {
                _space = space;
                _address = address;
            }

            public override int Size => _space.FunctionSize;
            public override string Address => _address.ToString();

            public override byte Read8(int offset) => _space.Read8(_address, offset);
            public override ushort Read16(int offset) => _space.Read16(_address, offset);
            public override uint Read32(int offset) => _space.Read32(_address, offset);
            public override void Write8(int offset, byte value) => _space.Write8(_address, offset, value);
            public override void Write16(int offset, ushort value) => _space.Write16(_address, offset, value);
            public override void Write32(int offset, uint value) => _space.Write32(_address, offset, value);
        }
    }
}
