namespace Zos.Hal.Pci
{
    // The MSI-X capability's layout (PCI Local Bus 3.0, 6.8.2): message control
    // at +2 (table size - 1, function mask, enable), then the table's and the
    // pending-bit array's BAR (low 3 bits) and offset in it.
    public sealed class PciMsiXCapability
    {
        internal const int ControlOffset = 2;
        internal const ushort EnableBit = 1 << 15;
        internal const ushort FunctionMaskBit = 1 << 14;
        private const int Length = 12;
        private const int HighestBar = 5;

        private PciMsiXCapability(byte offset, int tableSize, int tableBar, uint tableOffset, int pbaBar, uint pbaOffset)
        {
            Offset = offset;
            TableSize = tableSize;
            TableBar = tableBar;
            TableOffset = tableOffset;
            PbaBar = pbaBar;
            PbaOffset = pbaOffset;
        }

        public byte Offset { get; }
        // Table entries (1-2048).
        public int TableSize { get; }
        public int TableBar { get; }
        public uint TableOffset { get; }
        public int PbaBar { get; }
        public uint PbaOffset { get; }

        public static bool TryRead(PciConfigSpace config, PciAddress address, byte offset, out PciMsiXCapability msix, out string error)
        {
            msix = null;
            error = null;
            if (offset + Length > 256)
            {
                error = "MSI-X at 0x" + offset.ToString("x2") + " runs past the 256-byte header space";
                return false;
            }
            ushort control = config.Read16(address, offset + ControlOffset);
            uint table = config.Read32(address, offset + 4);
            uint pba = config.Read32(address, offset + 8);
            int tableBar = (int)(table & 7), pbaBar = (int)(pba & 7);
            if (tableBar > HighestBar || pbaBar > HighestBar)
            {
                error = "MSI-X at 0x" + offset.ToString("x2") + " names reserved BAR " + (tableBar > HighestBar ? tableBar : pbaBar).ToString();
                return false;
            }
            msix = new PciMsiXCapability(offset, (control & 0x7FF) + 1, tableBar, table & ~7u, pbaBar, pba & ~7u);
            return true;
        }
    }
}
