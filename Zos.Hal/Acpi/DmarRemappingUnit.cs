namespace Zos.Hal.Acpi
{
    // A DMA remapping hardware unit definition (DRHD, VT-d specification 3.4,
    // 8.3): one remapping unit's register block and the devices it translates.
    // With IncludesAllPci the unit covers every PCI device of its segment that no
    // other unit lists; its scopes then name only I/O APICs and HPETs.
    public sealed class DmarRemappingUnit
    {
        public DmarRemappingUnit(byte flags, byte registerSizeField, ushort segment, ulong registerBase, DmarDeviceScope[] scopes)
        {
            Flags = flags;
            RegisterSizeField = registerSizeField;
            Segment = segment;
            RegisterBase = registerBase;
            Scopes = scopes;
        }

        private const byte IncludePciAllFlag = 1;

        public byte Flags { get; }
        // 8.3 "Size": the register set spans 2^N pages; 0 (one page) on older firmware, which left it reserved.
        public byte RegisterSizeField { get; }
        public ushort Segment { get; }
        public ulong RegisterBase { get; }
        public DmarDeviceScope[] Scopes { get; }

        public bool IncludesAllPci => (Flags & IncludePciAllFlag) != 0;
        public ulong RegisterBytes => 4096UL << RegisterSizeField;
    }
}
