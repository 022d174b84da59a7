namespace Zos.Hal.Acpi
{
    // The MPS INTI flags of MADT override and NMI entries (ACPI 6.5, table
    // 5.26): bits 0-1 polarity, bits 2-3 trigger mode; 0 means "as the bus
    // defines it" (for ISA: active high, edge).
    public readonly struct InterruptFlags
    {
        public InterruptFlags(InterruptPolarity polarity, InterruptTrigger trigger)
        {
            Polarity = polarity;
            Trigger = trigger;
        }

        public InterruptPolarity Polarity { get; }
        public InterruptTrigger Trigger { get; }

        public static InterruptFlags FromMps(ushort flags) =>
            new InterruptFlags((InterruptPolarity)(flags & 3), (InterruptTrigger)((flags >> 2) & 3));
    }

    public enum InterruptPolarity : byte
    {
        ConformsToBus = 0,
        ActiveHigh = 1,
        Reserved = 2,
        ActiveLow = 3,
    }

    public enum InterruptTrigger : byte
    {
        ConformsToBus = 0,
        Edge = 1,
        Reserved = 2,
        Level = 3,
    }
}
