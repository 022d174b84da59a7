using Zos.Hal.Apic;

namespace Zos.Hal.Acpi
{
    // Where an ISA IRQ arrives at the I/O APICs, with the bus defaults
    // resolved: what an I/O APIC redirection entry needs.
    public readonly struct IsaIrqRoute
    {
        public IsaIrqRoute(uint gsi, IrqPolarity polarity, IrqTrigger trigger)
        {
            Gsi = gsi;
            Polarity = polarity;
            Trigger = trigger;
        }

        // No override: GSI = IRQ, ISA's active high and edge triggered.
        public static IsaIrqRoute Identity(byte irq) => new IsaIrqRoute(irq, IrqPolarity.ActiveHigh, IrqTrigger.Edge);

        public uint Gsi { get; }
        public IrqPolarity Polarity { get; }
        public IrqTrigger Trigger { get; }
    }
}
