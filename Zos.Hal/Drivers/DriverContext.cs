using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // Everything a driver instance gets from the kernel: its capabilities,
    // asked for in the terms of its manifest (a BAR index, the device's IRQ, a
    // DMA size), and the calls that tell the supervisor how it is doing.
    // Requests return null and the capability, or the denial (a request beyond
    // the manifest or the device's resources is denied, never a fault).
    // The kernel implements it; under a hardware-isolated ring these become
    // calls across the privilege boundary, and drivers do not change.
    public abstract class DriverContext
    {
        // The device this instance drives, for messages ("00:04.0 1234:11e8",
        // "i8042 ports 0x60,0x64 irqs 1,12").
        public abstract string DeviceName { get; }

        // A BAR that decodes I/O ports.
        public abstract CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports);

        // A platform device's ports at their fixed addresses: count ports from
        // firstPort, inside one [NeedsFixedIoPorts] range of the manifest and one
        // port range of the device. Offsets in the capability start at firstPort.
        public abstract CapabilityDenial RequestFixedIoPorts(ushort firstPort, int count, CapabilityRights rights, out IoPortRange ports);

        // A platform device's ISA interrupt (its [NeedsIsaIrq]), routed by the
        // firmware's interrupt source override; a line the driver acknowledges.
        public abstract CapabilityDenial RequestIsaIrq(int irq, CapabilityRights rights, out Irq interrupt);

        // A BAR that decodes memory.
        public abstract CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region);

        // The device's interrupt: entry 0 of RequestIrq(entry, ...).
        public CapabilityDenial RequestIrq(CapabilityRights rights, out Irq irq) => RequestIrq(0, rights, out irq);

        // One of the device's interrupts, set up by the kernel: MSI-X entry
        // `entry` when the device has MSI-X, else its MSI vector, else its INTx
        // line (both only entry 0). Irq.Mode says which it got. An entry outside
        // 0..IrqEntryCount-1 is denied.
        public abstract CapabilityDenial RequestIrq(int entry, CapabilityRights rights, out Irq irq);

        // How many interrupt entries RequestIrq can name: the MSI-X table's
        // size, 1 for MSI or INTx, 0 when the device has no usable interrupt.
        public abstract int IrqEntryCount { get; }

        public abstract CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool);

        // The device's own PCI configuration space.
        public abstract CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function);

        // Alive and making progress: keeps the watchdog away while busy.
        public abstract void Heartbeat();

        // Blocks the calling thread for at least this long (a device's settle
        // time, a register poll's pace), with a heartbeat.
        public abstract void Sleep(int milliseconds);
        // The kernel's monotonic clock, for a driver's own deadlines.
        public abstract ulong NowMilliseconds { get; }

        // What the instance is doing, for the shell ("probed: version 1.0").
        public abstract void ReportProgress(string status);

        // Gives up explicitly. Does not return: the instance ends as Failed
        // during Initialize, otherwise as a crash with this reason.
        public abstract void Fail(string reason);

        // Fail with this reason unless it is null (a step that says why it could not be done).
        public void FailOn(string reason)
        {
            if (reason is not null) Fail(reason);
        }

        // A buffer from the pool, or Fail naming what it was for. Zeroing
        // megabytes takes a while under emulation: a heartbeat says it is no hang.
        public DmaBuffer Allocate(DmaPool pool, int bytes, string what)
        {
            CapabilityDenial denial = pool.Allocate(bytes, out DmaBuffer buffer);
            if (denial is not null) Fail(what + ": " + denial.ToString());
            Heartbeat();
            return buffer;
        }

        // A crash the kernel asks for (the shell's `inject`), or None; taking it
        // clears it. A driver that supports injection checks it in its loop and
        // commits it with Zos.Drivers.FaultInjection.
        public abstract InjectedFault TakeInjectedFault();

        // For InjectedFault.StrayDma: the physical address of the kernel page
        // to point the device at; 0 when none was prepared.
        public virtual ulong StrayDmaTarget => 0;
        // Set when the kernel wants Run to return.
        public abstract bool StopRequested { get; }
    }
}
