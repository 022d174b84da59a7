namespace Zos.Hal.Apic
{
    public enum IrqPolarity { ActiveHigh, ActiveLow }
}
