using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Hal.Timing;
using Zos.Kernel.Domains;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // A driver incarnation's way to the kernel. Requests go through the
    // instance's grant policy (DeviceGrants); a grant also turns on what the
    // device needs for it: memory or I/O decode, bus mastering for DMA (an
    // interrupt grant enables its source itself: DeviceInterrupts). The
    // recovery turns them off again.
    public sealed class KernelDriverContext : DriverContext
    {
        private readonly DriverIncarnation _incarnation;

        public KernelDriverContext(DriverIncarnation incarnation) => _incarnation = incarnation;

        private DriverInstance Instance => _incarnation.Instance;

        public override string DeviceName => Instance.DeviceName;

        public override bool StopRequested => _incarnation.StopRequested;

        public override InjectedFault TakeInjectedFault() => _incarnation.TakeInjectedFault();

        public override ulong StrayDmaTarget => KernelIommu.StrayDmaTarget;

        public override CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports)
        {
            CapabilityDenial denial = Instance.Grants.RequestIoPorts(bar, rights, out ports);
            if (denial is null) PciCommandRegister.EnableIoDecode(Instance.Config, Instance.Address);
            return denial;
        }

        public override CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region)
        {
            CapabilityDenial denial = Instance.Grants.RequestMmio(bar, rights, out region);
            if (denial is null) PciCommandRegister.EnableMemoryDecode(Instance.Config, Instance.Address);
            return denial;
        }

        // Fixed ports need no decode switched on: the platform device answers at its addresses.
        public override CapabilityDenial RequestFixedIoPorts(ushort firstPort, int count, CapabilityRights rights, out IoPortRange ports) =>
            Instance.Grants.RequestFixedIoPorts(firstPort, count, rights, out ports);

        public override CapabilityDenial RequestIsaIrq(int irq, CapabilityRights rights, out Irq interrupt) =>
            Instance.Grants.RequestIsaIrq(irq, rights, out interrupt);

        public override CapabilityDenial RequestIrq(int entry, CapabilityRights rights, out Irq irq) =>
            Instance.Grants.RequestIrq(entry, rights, out irq);

        // A platform device has no PCI interrupt entries (its interrupts are RequestIsaIrq's).
        public override int IrqEntryCount => Instance.DrivesPlatformDevice ? 0 : Instance.Device.Interrupts.EntryCount;

        public override CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool)
        {
            CapabilityDenial denial = Instance.Grants.RequestDmaPool(bytes, deviceAddressLimit, rights, out pool);
            if (denial is null) PciCommandRegister.EnableBusMaster(Instance.Config, Instance.Address);
            return denial;
        }

        public override CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function) =>
            Instance.Grants.RequestPciFunction(rights, out function);

        public override void Heartbeat()
        {
            FaultDomain.ReportProgress();
            Instance.LastHeartbeatNanoseconds = TimestampClock.NanosecondsSinceBoot;
        }

        public override void Sleep(int milliseconds)
        {
            Scheduler.Sleep(milliseconds);
            Heartbeat();
        }

        public override ulong NowMilliseconds => TimestampClock.NanosecondsSinceBoot / 1_000_000;

        public override void ReportProgress(string status) => Instance.Status = status;

        public override void Fail(string reason) => _incarnation.Fail(reason);
    }
}
