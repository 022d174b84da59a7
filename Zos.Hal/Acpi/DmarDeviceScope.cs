namespace Zos.Hal.Acpi
{
    // What a device scope names (VT-d specification 3.4, 8.3.1, table 8-3).
    public enum DmarScopeType : byte
    {
        PciEndpoint = 1,
        PciSubHierarchy = 2,
        IoApic = 3,
        HpetMsi = 4,
        AcpiNamespaceDevice = 5,
    }

    // One device scope of a DRHD or RMRR: the device is found by walking Path
    // (device, function pairs) from StartBus through PCI-to-PCI bridges; the
    // last pair is the device itself. EnumerationId is the I/O APIC id, HPET
    // number or ACPI device number for those types, 0 otherwise.
    public sealed class DmarDeviceScope
    {
        public DmarDeviceScope(DmarScopeType type, byte enumerationId, byte startBus, byte[] path)
        {
            Type = type;
            EnumerationId = enumerationId;
            StartBus = startBus;
            Path = path;
        }

        public DmarScopeType Type { get; }
        public byte EnumerationId { get; }
        public byte StartBus { get; }
        // Device, function, device, function, ...: at least one pair.
        public byte[] Path { get; }

        public int PathLength => Path.Length / 2;
        public byte Device(int hop) => Path[2 * hop];
        public byte Function(int hop) => Path[2 * hop + 1];

        // The requester id (bus << 8 | device << 3 | function) of a device on
        // StartBus itself, the only case that needs no bus numbers read from
        // bridges: a one-hop path. False for longer paths.
        public bool TryGetSourceIdOnStartBus(out ushort sourceId)
        {
            sourceId = PathLength == 1 ? (ushort)(StartBus << 8 | Device(0) << 3 | Function(0)) : (ushort)0;
            return PathLength == 1;
        }
    }
}
