namespace Zos.Hal.Pci
{
    // The buses of one segment group that a configuration mechanism reaches;
    // enumeration starts at FirstBus, the root bus.
    public readonly struct PciBusRange
    {
        public PciBusRange(ushort segment, byte firstBus, byte lastBus)
        {
            Segment = segment;
            FirstBus = firstBus;
            LastBus = lastBus;
        }

        public ushort Segment { get; }
        public byte FirstBus { get; }
        public byte LastBus { get; }

        public bool Contains(ushort segment, int bus) => segment == Segment && bus >= FirstBus && bus <= LastBus;
    }
}
