namespace Zos.Hal.Pci
{
    // The MSI capability's layout (PCI Local Bus 3.0, 6.8.1): message control
    // at +2, address at +4, then (64-bit) upper address, data, and (with
    // per-vector masking) mask and pending bits.
    public sealed class PciMsiCapability
    {
        internal const int ControlOffset = 2;
        internal const int AddressOffset = 4;
        internal const ushort EnableBit = 1 << 0;
        internal const ushort MultipleMessageEnableMask = 7 << 4;
        private const ushort Address64Bit = 1 << 7;
        private const ushort PerVectorMaskingBit = 1 << 8;

        private PciMsiCapability(byte offset, bool is64Bit, bool perVectorMasking, int maxVectors)
        {
            Offset = offset;
            Is64Bit = is64Bit;
            PerVectorMasking = perVectorMasking;
            MaxVectors = maxVectors;
        }

        public byte Offset { get; }
        // The function takes a 64-bit message address (else the address must be below 4 GiB).
        public bool Is64Bit { get; }
        public bool PerVectorMasking { get; }
        // How many vectors the function asks for (1-32); Zos enables one.
        public int MaxVectors { get; }

        public int DataRegister => Offset + (Is64Bit ? 12 : 8);
        public int MaskRegister => Offset + (Is64Bit ? 16 : 12);

        // Bytes the structure covers.
        public int Length => (Is64Bit ? 14 : 10) + (PerVectorMasking ? 10 : 0);

        public static bool TryRead(PciConfigSpace config, PciAddress address, byte offset, out PciMsiCapability msi, out string error)
        {
            msi = null;
            error = null;
            ushort control = config.Read16(address, offset + ControlOffset);
            int multipleMessageCapable = (control >> 1) & 7;
            if (multipleMessageCapable > 5)
            {
                error = "MSI at 0x" + offset.ToString("x2") + " asks for a reserved vector count (code " + multipleMessageCapable.ToString() + ")";
                return false;
            }
            var parsed = new PciMsiCapability(offset, (control & Address64Bit) != 0, (control & PerVectorMaskingBit) != 0, 1 << multipleMessageCapable);
            if (offset + parsed.Length > 256)
            {
                error = "MSI at 0x" + offset.ToString("x2") + " runs past the 256-byte header space";
                return false;
            }
            msi = parsed;
            return true;
        }
    }
}
