namespace Zos.Hal.Pci
{
    // One implemented base address register as found at enumeration: Index is
    // its slot (0-5; a 64-bit BAR is named by its lower slot), Size comes from
    // the all-ones probe.
    public readonly struct PciBar
    {
        public PciBar(int index, PciBarKind kind, ulong address, ulong size, bool prefetchable)
        {
            Index = index;
            Kind = kind;
            Address = address;
            Size = size;
            Prefetchable = prefetchable;
        }

        public int Index { get; }
        public PciBarKind Kind { get; }
        public ulong Address { get; }
        public ulong Size { get; }
        public bool Prefetchable { get; }

        public bool IsMemory => Kind != PciBarKind.Io;

        public string KindName => Kind switch
        {
            PciBarKind.Io => "io",
            PciBarKind.Memory32 => "mem32",
            _ => "mem64",
        };
    }
}
