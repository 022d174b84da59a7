namespace Zos.Hal.Acpi
{
    // A global system interrupt wired to NMI (MADT type 3); the I/O APIC input
    // must be programmed for NMI delivery rather than left unused.
    public readonly struct MadtNmiSource
    {
        public MadtNmiSource(uint gsi, InterruptFlags flags)
        {
            Gsi = gsi;
            Flags = flags;
        }

        public uint Gsi { get; }
        public InterruptFlags Flags { get; }
    }
}
