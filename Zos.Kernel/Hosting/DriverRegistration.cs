using System;
using Zos.Hal.Drivers;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Hosting
{
    // One driver the kernel knows: its manifest (what it drives and needs), how
    // to make an instance, and how the supervisor treats it. The kernel has no
    // reflection: the image's catalog is generated at build time from the
    // driver classes' attributes (Zos.ManifestGenerator), which it hands to
    // FromAttributes as objects, so they are read by the same code everywhere.
    public sealed class DriverRegistration
    {
        public DriverRegistration(DriverManifest manifest, Func<DriverIncarnation, Driver> create, RestartPolicy policy,
            int heartbeatPeriodMilliseconds, int watchdogMilliseconds, DriverProtocol protocol = DriverProtocol.None)
        {
            Protocol = protocol;
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
        // What its clients speak with it (from its channel's request type).
        public DriverProtocol Protocol { get; }
        // Its instances speak the block protocol (Zos.Hal.Drivers.Block): each gets a block service controller of its name.
        public bool ServesBlockDevice => Protocol == DriverProtocol.Block;

        // A driver class's registration from its attributes ([Driver], Drives*,
        // Needs*, [Restarts], [Watchdog]); throws ArgumentException naming what
        // is wrong with them.
        public static DriverRegistration FromAttributes(string driverType, object[] attributes, Func<DriverIncarnation, Driver> create,
            DriverProtocol protocol)
        {
            DriverManifest manifest = DriverManifest.FromAttributes(driverType, attributes, out string error);
            if (manifest is null) throw new ArgumentException(error);
            RestartPolicy policy = RestartPolicy.OnFailure();
            int heartbeat = 0, watchdog = 0;
            for (int i = 0; i < attributes.Length; i++)
            {
                if (attributes[i] is RestartsAttribute restarts) policy = RestartPolicy.From(restarts);
                else if (attributes[i] is WatchdogAttribute watch)
                {
                    heartbeat = watch.HeartbeatMilliseconds;
                    watchdog = watch.CpuMilliseconds;
                }
            }
            return new DriverRegistration(manifest, create, policy, heartbeat, watchdog, protocol);
        }
    }
}
