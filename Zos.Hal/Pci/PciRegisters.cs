namespace Zos.Hal.Pci
{
    // Offsets and bits of the configuration space header (PCI Local Bus 3.0, 6.1;
    // PCI-to-PCI Bridge 1.2, 3.2).
    public static class PciRegisters
    {
        public const int VendorId = 0x00;
        public const int DeviceId = 0x02;
        public const int Command = 0x04;
        public const int Status = 0x06;
        public const int Revision = 0x08;
        public const int ProgIf = 0x09;
        public const int Subclass = 0x0A;
        public const int ClassCode = 0x0B;
        public const int HeaderType = 0x0E;
        public const int Bar0 = 0x10;
        public const int SubsystemVendorId = 0x2C;
        public const int SubsystemId = 0x2E;
        public const int CapabilitiesPointer = 0x34;
        public const int InterruptLine = 0x3C;
        public const int InterruptPin = 0x3D;

        // Type 1 (PCI-to-PCI bridge) header.
        public const int SecondaryBus = 0x19;
        public const int SubordinateBus = 0x1A;

        // Type 2 (CardBus bridge) header keeps its capability pointer elsewhere.
        public const int CardBusCapabilitiesPointer = 0x14;

        public const ushort AbsentVendor = 0xFFFF;
        public const ushort StatusCapabilitiesList = 1 << 4;
        public const byte HeaderTypeMultiFunction = 0x80;
        public const byte HeaderLayoutMask = 0x7F;

        public const byte LayoutDevice = 0;
        public const byte LayoutPciBridge = 1;
        public const byte LayoutCardBusBridge = 2;

        // The first byte after the standard header, where capabilities may start.
        public const int FirstCapabilityOffset = 0x40;
    }
}
