using System;
using Zos.Hal.Acpi;
using Zos.Hal.Memory;

namespace Zos.Hal.Pci
{
    // PCI Express enhanced configuration access (PCIe Base 4.0, 7.2.2): each
    // function's 4 KiB of configuration space is memory-mapped at
    // base + bus << 20 | device << 15 | function << 12, one base per MCFG
    // segment group (the base is that of bus 0 even when the group starts higher).
    public sealed class EcamPciConfig : PciConfigSpace
    {
        private readonly PciSegmentGroup[] _groups;
        private readonly PciBusRange[] _ranges;
        private readonly PhysicalMemory _memory;

        public EcamPciConfig(PciSegmentGroup[] groups, PhysicalMemory memory)
        {
            if (groups is null || groups.Length == 0) throw new ArgumentException("ECAM needs at least one MCFG segment group");
            _groups = groups;
            _memory = memory;
            _ranges = new PciBusRange[groups.Length];
            for (int i = 0; i < groups.Length; i++) _ranges[i] = new PciBusRange(groups[i].Segment, groups[i].StartBus, groups[i].EndBus);
        }

        public override string Mechanism => "ecam";
        public override int FunctionSize => 4096;
        public override PciBusRange[] BusRanges => _ranges;

        // The physical address of a configuration register; the address must be reached.
        public ulong RegisterAddress(PciAddress address, int offset)
        {
            for (int i = 0; i < _groups.Length; i++)
            {
                PciSegmentGroup group = _groups[i];
                if (group.Segment == address.Segment && address.Bus >= group.StartBus && address.Bus <= group.EndBus)
                    return group.BaseAddress + ((ulong)address.Bus << 20) + ((ulong)address.Device << 15) + ((ulong)address.Function << 12) + (ulong)offset;
            }
            throw new ArgumentException("PCI " + address.ToString() + " is in no MCFG segment group");
        }

        protected override byte Load8(PciAddress address, int offset) => _memory.Read8(RegisterAddress(address, offset));
        protected override ushort Load16(PciAddress address, int offset) => _memory.Read16(RegisterAddress(address, offset));
        protected override uint Load32(PciAddress address, int offset) => _memory.Read32(RegisterAddress(address, offset));
        protected override void Store8(PciAddress address, int offset, byte value) => _memory.Write8(RegisterAddress(address, offset), value);
        protected override void Store16(PciAddress address, int offset, ushort value) => _memory.Write16(RegisterAddress(address, offset), value);
        protected override void Store32(PciAddress address, int offset, uint value) => _memory.Write32(RegisterAddress(address, offset), value);
    }
}
