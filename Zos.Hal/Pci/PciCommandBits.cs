using System;

namespace Zos.Hal.Pci
{
    // The command register bits Zos changes (PCI Local Bus 3.0, 6.2.2).
    [Flags]
    public enum PciCommandBits : ushort
    {
        None = 0,
        IoDecode = 1 << 0,
        MemoryDecode = 1 << 1,
        BusMaster = 1 << 2,
        InterruptDisable = 1 << 10,
    }
}
