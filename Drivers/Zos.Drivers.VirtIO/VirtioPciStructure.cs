namespace Zos.Drivers.VirtIO
{
    // Where one virtio structure lives, as its vendor-specific PCI capability
    // says (virtio 1.2, 4.1.4): a window of a BAR.
    public readonly struct VirtioPciStructure
    {
        public const byte CommonConfiguration = 1;
        public const byte Notifications = 2;
        public const byte IsrStatus = 3;
        public const byte DeviceConfiguration = 4;
        public const byte PciConfigurationAccess = 5;

        public VirtioPciStructure(byte type, int capability, int bar, ulong offset, ulong length, uint notifyOffsetMultiplier)
        {
            Type = type;
            Capability = capability;
            Bar = bar;
            Offset = offset;
            Length = length;
            NotifyOffsetMultiplier = notifyOffsetMultiplier;
        }

        public byte Type { get; }
        // Where its capability starts in configuration space (0 when absent).
        public int Capability { get; }
        public int Bar { get; }
        public ulong Offset { get; }
        public ulong Length { get; }
        // Notifications only: bytes between the notify addresses of consecutive queue_notify_off values.
        public uint NotifyOffsetMultiplier { get; }

        public bool Present => Capability != 0;

        public static string Name(byte type) => type switch
        {
            CommonConfiguration => "common configuration",
            Notifications => "notification",
            IsrStatus => "ISR status",
            DeviceConfiguration => "device configuration",
            _ => "type " + type.ToString(),
        };
    }
}
