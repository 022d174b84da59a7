namespace Zos.Hal.Pci
{
    // MSI-X control bits in configuration space. The vectors themselves are
    // programmed in the table (PciMsiXTable). Order: program and unmask the
    // entries, then Enable; Disable stops all of the function's MSI-X messages.
    // As with MSI, messages need bus mastering on.
    public static class PciMsiX
    {
        public static void Enable(PciConfigSpace config, PciAddress address, PciMsiXCapability msix) =>
            Update(config, address, msix, PciMsiXCapability.EnableBit, PciMsiXCapability.FunctionMaskBit);

        public static void Disable(PciConfigSpace config, PciAddress address, PciMsiXCapability msix) =>
            Update(config, address, msix, 0, PciMsiXCapability.EnableBit);

        // Masks every vector of the function at once, whatever the entries say.
        public static void SetFunctionMask(PciConfigSpace config, PciAddress address, PciMsiXCapability msix, bool masked) =>
            Update(config, address, msix, masked ? PciMsiXCapability.FunctionMaskBit : (ushort)0, masked ? (ushort)0 : PciMsiXCapability.FunctionMaskBit);

        public static bool IsEnabled(PciConfigSpace config, PciAddress address, PciMsiXCapability msix) =>
            (config.Read16(address, msix.Offset + PciMsiXCapability.ControlOffset) & PciMsiXCapability.EnableBit) != 0;

        public static bool IsFunctionMasked(PciConfigSpace config, PciAddress address, PciMsiXCapability msix) =>
            (config.Read16(address, msix.Offset + PciMsiXCapability.ControlOffset) & PciMsiXCapability.FunctionMaskBit) != 0;

        private static void Update(PciConfigSpace config, PciAddress address, PciMsiXCapability msix, ushort set, ushort clear)
        {
            int register = msix.Offset + PciMsiXCapability.ControlOffset;
            config.Write16(address, register, (ushort)((config.Read16(address, register) & ~clear) | set));
        }
    }
}
