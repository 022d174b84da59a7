namespace Zos.Hal.Acpi
{
    // An Interrupt Source Override (MADT type 2): bus interrupt Source (an
    // ISA IRQ when Bus is 0) arrives at global system interrupt Gsi, with
    // these polarity and trigger flags, instead of identity-mapped.
    public readonly struct MadtInterruptOverride
    {
        public const byte IsaBus = 0;

        public MadtInterruptOverride(byte bus, byte source, uint gsi, InterruptFlags flags)
        {
            Bus = bus;
            Source = source;
            Gsi = gsi;
            Flags = flags;
        }

        public byte Bus { get; }
        public byte Source { get; }
        public uint Gsi { get; }
        public InterruptFlags Flags { get; }
    }
}
