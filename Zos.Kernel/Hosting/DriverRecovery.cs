using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Hal.Timing;
using Zos.Kernel.Domains;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // The kernel's side of each cleanup step after an incarnation of one
    // instance ends (the order is RecoveryPlan's). Every step is idempotent.
    public sealed class DriverRecovery(CapabilityAuthority authority, DriverInstance instance) : IRecoveryActions
    {
        private readonly CapabilityAuthority _authority = authority;
        private readonly DriverInstance _instance = instance;
        private readonly KernelMonotonicClock _clock = new();

        public string StopThreads(SupervisedDriver driver)
        {
            DriverIncarnation incarnation = _instance.Current;
            if (incarnation is null) return null;
            FaultDomain domain = incarnation.Domain;
            incarnation.StopRequested = true;
            if (domain.State == DomainState.Running)
                domain.Stop(new FaultRecord("stopped", "stopped by the supervisor (" + DriverLifecycle.Name(driver.State) + ")", null, 0,
                    "driver-supervisor", TimestampClock.NanosecondsSinceBoot));
            incarnation.EndReported = true;
            // A thread stopped while it held kernel locks ends at its last release, or is forced after its grace.
            return domain.WaitForThreadsToEnd(Scheduler.KillGraceMilliseconds + 500) ? null
                : domain.LiveThreads.ToString() + " threads of " + domain.Name + " still live";
        }

        public string RevokeCapabilities(SupervisedDriver driver)
        {
            _authority.RevokeAll(_instance);
            int held = _instance.CapabilityCount;
            var revoked = new string[held];
            for (int i = 0; i < held; i++)
            {
                Capability capability = _instance.CapabilityAt(i);
                if (!capability.IsRevoked) return "capability " + capability.Describe() + " is still valid after the revocation";
                revoked[i] = capability.Describe();
            }
            _instance.LastRevoked = revoked;
            _instance.LastRevokedGeneration = _instance.Generation;
            return null;
        }

        // INTx, MSI and MSI-X off at the device first, so that nothing keeps a
        // line asserted or sends a message, then the handlers off (vectors kept);
        // a platform device's lines lose their handler (masked unless shared).
        public string MaskInterrupts(SupervisedDriver driver) => _instance.DisableInterrupts();

        // A platform device is never granted DMA (its manifest cannot ask), so
        // there is nothing to stop; a PCI function is first stopped by its own
        // register write when the manifest names one ([StopsDevice]), then
        // loses bus mastering whatever that did, so that no DMA reaches memory
        // once its buffers move on.
        public string StopDma(SupervisedDriver driver)
        {
            if (_instance.DrivesPlatformDevice) return null;
            string deviceStopProblem = null;
            StopsDeviceAttribute stop = _instance.Registration.Manifest.DeviceStop;
            if (stop is not null)
            {
                deviceStopProblem = DeviceStop.Perform(stop, _instance.Device.MmioRoot(stop.Bar), _instance.Device.GrantableMmio(stop.Bar),
                    _clock, out string done);
                _instance.LastDeviceStop = done ?? deviceStopProblem;
            }
            PciCommandRegister.DisableBusMaster(_instance.Config, _instance.Address);
            // Faults the device caused before it stopped are the ended incarnation's, not the next one's.
            KernelIommu.TakeFaults();
            if ((PciCommandRegister.Read(_instance.Config, _instance.Address) & PciCommandBits.BusMaster) != 0)
                return "bus mastering of " + _instance.Address.ToString() + " stays on";
            return deviceStopProblem is null ? null : "the device did not stop: " + deviceStopProblem;
        }

        // DMA memory back to the frame allocator, and a new generation, so that
        // any capability reference kept from before is stale (the revocation
        // itself was RevokeCapabilities').
        public string ReclaimMemory(SupervisedDriver driver)
        {
            _authority.BeginNewGeneration(_instance);
            return null;
        }
    }
}
