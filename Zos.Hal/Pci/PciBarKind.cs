namespace Zos.Hal.Pci
{
    public enum PciBarKind
    {
        Io,
        Memory32,
        // Takes two BAR slots: the upper half of the address is in the next one.
        Memory64,
    }
}
