using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // The cleanup after an incarnation ends, in the order RecoveryPlan runs it.
    public enum RecoveryStep
    {
        // End every thread of the driver's domain (already done when a fault
        // stopped it; needed when the watchdog or a capability denial ends it).
        StopThreads,
        // Revoke every capability the domain holds: any later use faults.
        RevokeCapabilities,
        // Mask its IRQ lines / MSI vectors so its device cannot interrupt a driver that is not there.
        MaskInterrupts,
        // Stop the device's DMA: bus master off, or a device reset.
        StopDma,
        // Give back its memory (quota, DMA buffers). Only safe once DMA has stopped.
        ReclaimMemory,
    }
}
