using System;

namespace Zos.Hal.Capabilities
{
    // What the holder of a capability may do with it. Each kind uses a subset:
    // ports, MMIO, DMA buffers and PCI configuration space Read/Write; an IRQ
    // Wait/Acknowledge; a DMA pool Allocate (its buffers get the pool's Read/Write).
    [Flags]
    public enum CapabilityRights
    {
        None = 0,
        Read = 1,
        Write = 2,
        Wait = 4,
        Acknowledge = 8,
        Allocate = 16,
        ReadWrite = Read | Write,
    }
}
