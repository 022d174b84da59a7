namespace Zos.Drivers.Ahci
{
    // The generic host control registers at the start of ABAR (PCI BAR 5) and
    // their bits (AHCI 1.3.1, section 3.1). Every register is 32 bits wide.
    public static class AhciHbaRegisters
    {
        public const ulong Capabilities = 0x00;          // CAP   (3.1.1)
        public const ulong GlobalControl = 0x04;         // GHC   (3.1.2)
        public const ulong InterruptStatus = 0x08;       // IS    (3.1.3), write 1 to clear
        public const ulong PortsImplemented = 0x0C;      // PI    (3.1.4)
        public const ulong Version = 0x10;               // VS    (3.1.5)
        public const ulong Capabilities2 = 0x24;         // CAP2  (3.1.10)
        public const ulong HandoffControl = 0x28;        // BOHC  (3.1.11)

        // Port x's registers start at 0x100 + x * 0x80 (3.3).
        public const ulong FirstPort = 0x100;
        public const ulong PortStride = 0x80;

        // CAP (3.1.1).
        public const uint Cap64BitAddressing = 1u << 31;       // S64A
        public const uint CapNativeCommandQueuing = 1u << 30;  // SNCQ
        public const uint CapStaggeredSpinUp = 1u << 27;       // SSS
        public const uint CapCommandListOverride = 1u << 24;   // SCLO
        public const uint CapAhciOnly = 1u << 18;              // SAM
        public const uint CapPortMultiplier = 1u << 17;        // SPM
        public const int CapCommandSlotsShift = 8;             // NCS, bits 12:8, zero-based
        public const uint CapCommandSlotsMask = 0x1F;
        public const uint CapPortCountMask = 0x1F;             // NP, bits 4:0, zero-based

        // CAP2 (3.1.10).
        public const uint Cap2BiosHandoff = 1u << 0;           // BOH

        // GHC (3.1.2).
        public const uint GhcAhciEnable = 1u << 31;            // AE
        public const uint GhcInterruptEnable = 1u << 1;        // IE
        public const uint GhcReset = 1u << 0;                  // HR

        // BOHC (3.1.11).
        public const uint BohcBiosOwned = 1u << 0;             // BOS
        public const uint BohcOsOwned = 1u << 1;               // OOS
        public const uint BohcBiosBusy = 1u << 4;              // BB

        public static ulong PortBase(int port) => FirstPort + (ulong)port * PortStride;
    }
}
