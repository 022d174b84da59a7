namespace Zos.Hal.Drivers
{
    public enum ResourceKind
    {
        IoPorts,
        Mmio,
        Irq,
        Dma,
        PciConfig,
    }
}
