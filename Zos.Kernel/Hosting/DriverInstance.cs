using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Memory;
using Zos.Hal.Pci;
using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Hosting
{
    // One driver bound to one device, across all its incarnations: the owner of
    // its capabilities (their generation is its incarnation's), the device's
    // resources (a PCI function's, or a platform device's), the supervisor's
    // record, and the incarnation running now.
    public sealed class DriverInstance : CapabilityOwner
    {
        public DriverInstance(DriverBinding binding, CapabilityAuthority authority, PciConfigSpace config) : base(binding.InstanceName)
        {
            Binding = binding;
            Config = config;
            DriverManifest manifest = binding.Registration.Manifest;
            PciFunctionInfo function = binding.Function;
            if (function is null)
            {
                Platform = PlatformDeviceResources.Declare(authority, binding.Platform, KernelInterruptRouting.Instance);
                Grants = new DeviceGrants(authority, manifest, Platform, this);
                return;
            }
            Device = DeviceResources.Declare(authority, function, config.Function(function.Address), config,
                KernelInterruptRouting.Instance, IdentityMappedMemory.Instance);
            Grants = new DeviceGrants(authority, manifest, Device, this);
        }

        // Whether it drives a platform device (Platform) rather than a PCI function (Device, Address).
        public bool DrivesPlatformDevice => Platform is not null;
        // "00:04.0 1234:11e8" or "i8042 ports 0x60,0x64 irqs 1,12".
        public string DeviceName => Platform is not null ? Platform.Name : Device.Name;

        // The recovery's interrupt step: the function's INTx, MSI and MSI-X off at
        // the device, or the platform device's lines without its handlers.
        public string DisableInterrupts() => Platform is not null ? Platform.Disable() : Device.Interrupts.Disable();

        public DriverBinding Binding { get; }

        // Asks the running incarnation to commit this crash (it picks it up
        // through DriverContext.TakeInjectedFault); null, or why not.
        public string Inject(InjectedFault fault)
        {
            DriverIncarnation current = Current;
            string notRunning = WhyNotRunning();
            if (notRunning is not null) return notRunning;
            if (fault == InjectedFault.StrayDma)
            {
                string refused = KernelIommu.PrepareStrayDma(this);
                if (refused is not null) return refused;
            }
            current.Inject(fault);
            return null;
        }

        // Null while an incarnation is Running, else why none is, in words for the shell.
        public string WhyNotRunning()
        {
            SupervisedDriver driver = Supervised;
            if (driver is null) return Name + " was never started: " + (StartError ?? "unknown");
            if (driver.State != DriverState.Running || Current is null)
                return Name + " is " + DriverLifecycle.Name(driver.State) + ", not Running" + (driver.StopReason is null ? "" : " (" + driver.StopReason + ")");
            return null;
        }

        public DriverRegistration Registration => Binding.Registration;
        // PCI only.
        public PciAddress Address => Binding.Function.Address;
        public PciConfigSpace Config { get; }
        // The PCI function's resources; null for a platform device.
        public DeviceResources Device { get; }
        // The platform device's resources; null for a PCI function.
        public PlatformDeviceResources Platform { get; }
        public DeviceGrants Grants { get; }
        // Set by the launcher at the first spawn.
        public SupervisedDriver Supervised { get; internal set; }
        public DriverIncarnation Current { get; internal set; }
        // What its channels' completions ring: the client's doorbell, set before
        // the instance starts by the service that is its client (the block service).
        public Doorbell ClientDoorbell { get; set; } = new EventDoorbell();
        // Why the supervisor could not start it at all (null normally).
        public string StartError { get; internal set; }
        // What the driver last reported (ReportProgress).
        public string Status { get; internal set; }
        // Set by a heartbeat; the supervisor thread passes it on and clears it.
        // When the running incarnation last sent a heartbeat (0: never). The
        // supervisor reads it when it polls; it need not be woken for it.
        internal ulong LastHeartbeatNanoseconds;

        // What the last restart revoked, for `caps`: their descriptions and generation.
        public string[] LastRevoked { get; internal set; } = [];
        public int LastRevokedGeneration { get; internal set; } = -1;
        // What the last recovery's [StopsDevice] wrote and read, for `drivers`; null when the manifest has none.
        public string LastDeviceStop { get; internal set; }
    }
}
