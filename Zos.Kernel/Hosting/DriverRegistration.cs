using System;
using Zos.Hal.Drivers;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Hosting
{
    // One driver the kernel knows: its manifest (what it drives and needs), how
    // to make an instance, and how the supervisor treats it. The kernel has no
    // reflection, so the manifest is written in code; a host test checks that it
    // equals what DriverManifest.FromAttributes reads from the driver class.
    public sealed class DriverRegistration
    {
        public DriverRegistration(DriverManifest manifest, Func<DriverIncarnation, Driver> create, RestartPolicy policy,
            int heartbeatPeriodMilliseconds, int watchdogMilliseconds, bool servesBlockDevice = false)
        {
            ServesBlockDevice = servesBlockDevice;
            Manifest = manifest;
            Create = create;
            Policy = policy;
            HeartbeatPeriodMilliseconds = heartbeatPeriodMilliseconds;
            WatchdogMilliseconds = watchdogMilliseconds;
        }

        public DriverManifest Manifest { get; }
        public string Name => Manifest.Name;
        // Called on the new incarnation's own thread, inside its fault domain.
        public Func<DriverIncarnation, Driver> Create { get; }
        public RestartPolicy Policy { get; }
        // The supervisor's heartbeat watch (0: none): hung after two silent periods.
        public int HeartbeatPeriodMilliseconds { get; }
        // The fault domain's watchdog (0: none): a thread on the CPU this long without yielding is stopped.
        public int WatchdogMilliseconds { get; }
        // Its instances speak the block protocol (Zos.Hal.Drivers.Block): each gets a block device of its name.
        public bool ServesBlockDevice { get; }
    }
}
