namespace Zos.Hal.Drivers
{
    // One "drives" clause: a vendor/device pair, or a class/subclass with an
    // optional programming interface.
    public readonly struct PciMatch
    {
        private PciMatch(bool byDevice, ushort vendorId, ushort deviceId, byte classCode, byte subclass, int programmingInterface)
        {
            ByDevice = byDevice;
            VendorId = vendorId;
            DeviceId = deviceId;
            ClassCode = classCode;
            Subclass = subclass;
            ProgrammingInterface = programmingInterface;
        }

        public static PciMatch Device(ushort vendorId, ushort deviceId) => new PciMatch(true, vendorId, deviceId, 0, 0, -1);

        public static PciMatch Class(byte classCode, byte subclass, int programmingInterface) =>
            new PciMatch(false, 0, 0, classCode, subclass, programmingInterface);

        public bool ByDevice { get; }
        public ushort VendorId { get; }
        public ushort DeviceId { get; }
        public byte ClassCode { get; }
        public byte Subclass { get; }
        // -1: any.
        public int ProgrammingInterface { get; }

        public bool Matches(ushort vendorId, ushort deviceId, byte classCode, byte subclass, byte programmingInterface) =>
            ByDevice
                ? vendorId == VendorId && deviceId == DeviceId
                : classCode == ClassCode && subclass == Subclass && (ProgrammingInterface < 0 || ProgrammingInterface == programmingInterface);
    }
}
