namespace Zos.Hal.Acpi
{
    // Where an ISA IRQ arrives at the I/O APICs, with the bus defaults
    // resolved: what an I/O APIC redirection entry needs.
    public readonly struct IsaIrqRoute
    {
        public IsaIrqRoute(uint gsi, bool activeLow, bool levelTriggered)
        {
            Gsi = gsi;
            ActiveLow = activeLow;
            LevelTriggered = levelTriggered;
        }

        public uint Gsi { get; }
        public bool ActiveLow { get; }
        public bool LevelTriggered { get; }
    }
}
