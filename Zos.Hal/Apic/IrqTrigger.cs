namespace Zos.Hal.Apic
{
    public enum IrqTrigger { Edge, Level }
}
