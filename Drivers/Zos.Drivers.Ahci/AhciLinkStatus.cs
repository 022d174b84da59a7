namespace Zos.Drivers.Ahci
{
    // A port's link as read from PxSSTS, PxSIG and PxTFD at one moment.
    public readonly struct AhciLinkStatus
    {
        public AhciLinkStatus(uint sataStatus, uint signature, uint taskFile)
        {
            SataStatus = sataStatus;
            Signature = signature;
            TaskFile = taskFile;
        }

        public uint SataStatus { get; }
        public uint Signature { get; }
        public uint TaskFile { get; }

        public uint Detection => SataStatus & AhciPortRegisters.DetMask;
        // SPD: 1 Gen 1 (1.5 Gb/s), 2 Gen 2 (3 Gb/s), 3 Gen 3 (6 Gb/s).
        public uint Speed => (SataStatus >> AhciPortRegisters.SpeedShift) & 0xF;
        public uint PowerState => (SataStatus >> AhciPortRegisters.PowerShift) & 0xF;
        public bool Busy => (TaskFile & (AhciPortRegisters.TfdBusy | AhciPortRegisters.TfdDataRequest)) != 0;

        public AhciDeviceKind Kind
        {
            get
            {
                switch (Detection)
                {
                    case 0: return AhciDeviceKind.None;
                    case 1: return AhciDeviceKind.NoCommunication;
                    case 4: return AhciDeviceKind.Offline;
                    case AhciPortRegisters.DetDevicePresentPhyUp: break;
                    default: return AhciDeviceKind.Unknown;
                }
                if (PowerState != AhciPortRegisters.IpmActive) return AhciDeviceKind.PowerManaged;
                switch (Signature)
                {
                    case AhciPortRegisters.SignatureAta: return AhciDeviceKind.Ata;
                    case AhciPortRegisters.SignatureAtapi: return AhciDeviceKind.Atapi;
                    case AhciPortRegisters.SignaturePortMultiplier: return AhciDeviceKind.PortMultiplier;
                    case AhciPortRegisters.SignatureEnclosureBridge: return AhciDeviceKind.EnclosureBridge;
                    default: return AhciDeviceKind.Unknown;
                }
            }
        }

        // "ata, 1.5 Gb/s (PxSSTS 0x113, PxSIG 0x101, PxTFD 0x50)".
        public override string ToString()
        {
            string kind = Kind switch
            {
                AhciDeviceKind.None => "no device",
                AhciDeviceKind.NoCommunication => "a device without communication",
                AhciDeviceKind.Offline => "phy offline",
                AhciDeviceKind.PowerManaged => "link in a power-saving state",
                AhciDeviceKind.Ata => "ata",
                AhciDeviceKind.Atapi => "atapi",
                AhciDeviceKind.PortMultiplier => "port multiplier",
                AhciDeviceKind.EnclosureBridge => "enclosure bridge",
                _ => "unknown device",
            };
            string speed = Speed switch { 1 => ", 1.5 Gb/s", 2 => ", 3 Gb/s", 3 => ", 6 Gb/s", _ => "" };
            return kind + speed + " (PxSSTS 0x" + SataStatus.ToString("x") + ", PxSIG 0x" + Signature.ToString("x") + ", PxTFD 0x" + TaskFile.ToString("x") + ")";
        }
    }
}
