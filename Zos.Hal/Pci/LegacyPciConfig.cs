namespace Zos.Hal.Pci
{
    // Configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): the function and
    // dword go to port 0xCF8, the data moves through 0xCFC-0xCFF. Segment 0 and
    // the first 256 bytes of each function only. The two port accesses must not
    // be split by another access, so each pair runs with interrupts disabled
    // (one CPU: that is all the locking there is).
    public sealed class LegacyPciConfig : PciConfigSpace
    {
        public const ushort AddressPort = 0xCF8;
        public const ushort DataPort = 0xCFC;
        private const uint EnableBit = 0x8000_0000;

        private static readonly PciBusRange[] AllBuses = [new PciBusRange(0, 0, 255)];

        public override string Mechanism => "legacy";
        public override int FunctionSize => 256;
        public override PciBusRange[] BusRanges => AllBuses;

        // The value written to 0xCF8 to select the dword holding offset.
        public static uint ConfigAddress(PciAddress address, int offset) =>
            EnableBit | ((uint)address.Bus << 16) | ((uint)address.Device << 11) | ((uint)address.Function << 8) | ((uint)offset & 0xFC);

        protected override byte Load8(PciAddress address, int offset)
        {
            ulong flags = Select(address, offset);
            byte value = PortIo.Read8((ushort)(DataPort + (offset & 3)));
            Cpu.RestoreInterrupts(flags);
            return value;
        }

        protected override ushort Load16(PciAddress address, int offset)
        {
            ulong flags = Select(address, offset);
            ushort value = PortIo.Read16((ushort)(DataPort + (offset & 2)));
            Cpu.RestoreInterrupts(flags);
            return value;
        }

        protected override uint Load32(PciAddress address, int offset)
        {
            ulong flags = Select(address, offset);
            uint value = PortIo.Read32(DataPort);
            Cpu.RestoreInterrupts(flags);
            return value;
        }

        protected override void Store8(PciAddress address, int offset, byte value)
        {
            ulong flags = Select(address, offset);
            PortIo.Write8((ushort)(DataPort + (offset & 3)), value);
            Cpu.RestoreInterrupts(flags);
        }

        protected override void Store16(PciAddress address, int offset, ushort value)
        {
            ulong flags = Select(address, offset);
            PortIo.Write16((ushort)(DataPort + (offset & 2)), value);
            Cpu.RestoreInterrupts(flags);
        }

        protected override void Store32(PciAddress address, int offset, uint value)
        {
            ulong flags = Select(address, offset);
            PortIo.Write32(DataPort, value);
            Cpu.RestoreInterrupts(flags);
        }

        // Disables interrupts and points the data port at the dword; returns the
        // flags to restore once the data access is done.
        private static ulong Select(PciAddress address, int offset)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            PortIo.Write32(AddressPort, ConfigAddress(address, offset));
            return flags;
        }
    }
}
