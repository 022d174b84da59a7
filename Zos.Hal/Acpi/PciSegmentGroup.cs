namespace Zos.Hal.Acpi
{
    // One MCFG allocation: the PCI Express enhanced configuration space of
    // buses StartBus..EndBus in a segment group, memory-mapped from BaseAddress
    // (the address of bus 0, even when StartBus is higher).
    public readonly struct PciSegmentGroup
    {
        public PciSegmentGroup(ulong baseAddress, ushort segment, byte startBus, byte endBus)
        {
            BaseAddress = baseAddress;
            Segment = segment;
            StartBus = startBus;
            EndBus = endBus;
        }

        public ulong BaseAddress { get; }
        public ushort Segment { get; }
        public byte StartBus { get; }
        public byte EndBus { get; }
    }
}
