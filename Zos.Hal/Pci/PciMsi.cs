namespace Zos.Hal.Pci
{
    // Programs a function's MSI capability for one vector, delivered to a local
    // APIC: address 0xFEE00000 | destination APIC id << 12 (physical
    // destination, fixed delivery), data = the vector (edge-triggered). A
    // message is a memory write by the function, so it is only sent while bus
    // mastering is on (PciCommandRegister.EnableBusMaster); INTx is left alone
    // (PciCommandRegister.DisableIntx). The vector needs a handler that sends
    // the local APIC its end-of-interrupt.
    public static class PciMsi
    {
        public const uint MessageAddressBase = 0xFEE0_0000;
        public const byte FirstVector = 32;

        public static uint MessageAddress(byte destinationApicId) => MessageAddressBase | ((uint)destinationApicId << 12);

        // Returns null, or why it cannot be done (nothing is written then).
        public static string Enable(PciConfigSpace config, PciAddress address, PciMsiCapability msi, byte destinationApicId, byte vector)
        {
            if (vector < FirstVector) return "MSI vector " + vector.ToString() + " is a CPU exception vector; use 32-255";
            int controlRegister = msi.Offset + PciMsiCapability.ControlOffset;
            ushort control = config.Read16(address, controlRegister);
            // Off while the message changes, so no half-written message is ever sent.
            config.Write16(address, controlRegister, (ushort)(control & ~PciMsiCapability.EnableBit));
            config.Write32(address, msi.Offset + PciMsiCapability.AddressOffset, MessageAddress(destinationApicId));
            if (msi.Is64Bit) config.Write32(address, msi.Offset + PciMsiCapability.AddressOffset + 4, 0);
            config.Write16(address, msi.DataRegister, vector);
            if (msi.PerVectorMasking) config.Write32(address, msi.MaskRegister, config.Read32(address, msi.MaskRegister) & ~1u);
            control = (ushort)((control & ~PciMsiCapability.MultipleMessageEnableMask) | PciMsiCapability.EnableBit);
            config.Write16(address, controlRegister, control);
            return null;
        }

        public static void Disable(PciConfigSpace config, PciAddress address, PciMsiCapability msi)
        {
            int controlRegister = msi.Offset + PciMsiCapability.ControlOffset;
            config.Write16(address, controlRegister, (ushort)(config.Read16(address, controlRegister) & ~PciMsiCapability.EnableBit));
        }

        public static bool IsEnabled(PciConfigSpace config, PciAddress address, PciMsiCapability msi) =>
            (config.Read16(address, msi.Offset + PciMsiCapability.ControlOffset) & PciMsiCapability.EnableBit) != 0;

        // Masks or unmasks the (single) vector; only with per-vector masking.
        public static string SetMasked(PciConfigSpace config, PciAddress address, PciMsiCapability msi, bool masked)
        {
            if (!msi.PerVectorMasking) return "MSI at 0x" + msi.Offset.ToString("x2") + " of " + address.ToString() + " has no per-vector masking";
            uint bits = config.Read32(address, msi.MaskRegister);
            config.Write32(address, msi.MaskRegister, masked ? bits | 1 : bits & ~1u);
            return null;
        }

        public static bool IsMasked(PciConfigSpace config, PciAddress address, PciMsiCapability msi) =>
            msi.PerVectorMasking && (config.Read32(address, msi.MaskRegister) & 1) != 0;
    }
}
