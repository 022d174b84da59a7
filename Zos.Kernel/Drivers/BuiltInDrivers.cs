using Zos.Drivers.Edu;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Kernel.Drivers
{
    // The drivers compiled into the kernel. Their manifests are written out
    // here because the kernel has no reflection; the attributes on each driver
    // class stay the source of truth: a host test (BuiltInDriversTests) checks
    // that each manifest equals DriverManifest.FromAttributes of its class.
    public static class BuiltInDrivers
    {
        public const int EduHeartbeatMilliseconds = 1000;
        public const int EduWatchdogMilliseconds = 500;
        // Restarts at once; three restarts within 2 s of each other are a crash loop.
        public const int EduMaxRestartsInARow = 3;
        public const ulong EduStableRunNanoseconds = 2_000_000_000UL;

        public static DriverCatalog Create() => new DriverCatalog([Edu()]);

        public static DriverManifest EduManifest() => new DriverManifest("edu", "Zos.Drivers.Edu.EduDriver",
            [PciMatch.Device(0x1234, 0x11E8)],
            [
                new ResourceNeed(ResourceKind.Mmio, 0, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Irq, -1, CapabilityRights.Wait | CapabilityRights.Acknowledge, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Dma, -1, CapabilityRights.Allocate | CapabilityRights.ReadWrite, EduDriver.DmaPoolBytes,
                    0x1000_0000, MmioCaching.Uncached),
            ], EduDriver.MemoryQuotaBytes);

        private static DriverRegistration Edu() => new DriverRegistration(EduManifest(),
            incarnation => new EduDriver(incarnation.OpenChannel<EduRequest, EduCompletion>(EduDriver.ChannelCapacity)),
            RestartPolicy.OnFailure(EduMaxRestartsInARow, EduStableRunNanoseconds), EduHeartbeatMilliseconds, EduWatchdogMilliseconds);
    }
}
