namespace Zos.Hal.Capabilities
{
    public enum CapabilityKind
    {
        IoPortRange,
        Irq,
        MmioRegion,
        DmaPool,
        DmaBuffer,
        PciFunction,
    }
}
