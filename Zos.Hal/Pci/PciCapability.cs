namespace Zos.Hal.Pci
{
    // One entry of a function's capability list: its id and where it starts.
    public readonly struct PciCapability
    {
        public const byte PowerManagementId = 0x01;
        public const byte MsiId = 0x05;
        public const byte VendorSpecificId = 0x09;
        public const byte PciExpressId = 0x10;
        public const byte MsiXId = 0x11;

        public PciCapability(byte id, byte offset)
        {
            Id = id;
            Offset = offset;
        }

        public byte Id { get; }
        public byte Offset { get; }
    }
}
