namespace Zos.Hal.Acpi
{
    // An I/O APIC (MADT type 1): its id, the physical address of its
    // registers, and the first global system interrupt its inputs carry.
    public readonly struct MadtIoApic
    {
        public MadtIoApic(byte id, uint address, uint gsiBase)
        {
            Id = id;
            Address = address;
            GsiBase = gsiBase;
        }

        public byte Id { get; }
        public uint Address { get; }
        public uint GsiBase { get; }
    }
}
