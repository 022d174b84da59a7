namespace Zos.Hal.Acpi
{
    // A reserved memory region reporting structure (RMRR, VT-d specification
    // 3.4, 8.4): memory that the devices in Scopes may reach by DMA behind the
    // OS's back (USB legacy emulation, graphics stolen memory), so their domains
    // must keep it mapped at its own address. Limit is the last byte (inclusive).
    public sealed class DmarReservedRegion
    {
        public DmarReservedRegion(ushort segment, ulong baseAddress, ulong limitAddress, DmarDeviceScope[] scopes)
        {
            Segment = segment;
            BaseAddress = baseAddress;
            LimitAddress = limitAddress;
            Scopes = scopes;
        }

        public ushort Segment { get; }
        public ulong BaseAddress { get; }
        public ulong LimitAddress { get; }
        public DmarDeviceScope[] Scopes { get; }

        public ulong Bytes => LimitAddress - BaseAddress + 1;
    }
}
