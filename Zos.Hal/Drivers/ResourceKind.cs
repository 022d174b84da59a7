namespace Zos.Hal.Drivers
{
    public enum ResourceKind
    {
        IoPorts,
        Mmio,
        Irq,
        Dma,
        PciConfig,
        // A platform device's ports at fixed addresses.
        FixedIoPorts,
        // A platform device's ISA interrupt.
        IsaIrq,
    }
}
