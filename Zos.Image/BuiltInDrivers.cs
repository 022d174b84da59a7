using Zos.Drivers.Edu;
using Zos.Drivers.VirtIO;
using Zos.Drivers.VirtIOBlock;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Image
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

        public const int BlkHeartbeatMilliseconds = 1000;
        public const int BlkWatchdogMilliseconds = 500;
        // Back at once after a first crash, then 2, 4, ... up to 100 ms; 20 crashes each within 1 s of the last restart are a crash loop.
        public const ulong BlkFirstBackoffNanoseconds = 1_000_000UL;
        public const ulong BlkLongestBackoffNanoseconds = 100_000_000UL;
        public const int BlkMaxRestartsInARow = 20;
        public const ulong BlkStableRunNanoseconds = 1_000_000_000UL;

        public static DriverCatalog Create() => new DriverCatalog([Edu(), VirtioBlk()]);

        public static DriverManifest EduManifest() => new DriverManifest("edu", "Zos.Drivers.Edu.EduDriver",
            [PciMatch.Device(0x1234, 0x11E8)],
            [
                new ResourceNeed(ResourceKind.Mmio, 0, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Irq, -1, CapabilityRights.Wait | CapabilityRights.Acknowledge, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Dma, -1, CapabilityRights.Allocate | CapabilityRights.ReadWrite, EduDriver.DmaPoolBytes,
                    0x1000_0000, MmioCaching.Uncached),
            ], EduDriver.MemoryQuotaBytes);

        public static DriverManifest VirtioBlkManifest() => new DriverManifest("virtio-blk", "Zos.Drivers.VirtIOBlock.VirtioBlkDriver",
            [PciMatch.Device(VirtioBlkDriver.VendorId, VirtioBlkDriver.TransitionalDeviceId), PciMatch.Device(VirtioBlkDriver.VendorId, VirtioBlkDriver.ModernDeviceId)],
            [
                new ResourceNeed(ResourceKind.PciConfig, -1, CapabilityRights.Read, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.IoPorts, VirtioPciTransports.LegacyBar, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Mmio, VirtioBlkDriver.ModernBar, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Irq, -1, CapabilityRights.Wait | CapabilityRights.Acknowledge, 0, 0, MmioCaching.Uncached),
                new ResourceNeed(ResourceKind.Dma, -1, CapabilityRights.Allocate | CapabilityRights.ReadWrite, VirtioBlkDriver.DmaPoolBytes,
                    0x1_0000_0000UL, MmioCaching.Uncached),
            ], VirtioBlkDriver.MemoryQuotaBytes, "blk");

        private static DriverRegistration VirtioBlk() => new DriverRegistration(VirtioBlkManifest(),
            incarnation => new VirtioBlkDriver(incarnation.OpenChannel<BlockDriverRequest, BlockDriverCompletion>(VirtioBlkDriver.ChannelCapacity)),
            RestartPolicy.WithBackoff(BlkFirstBackoffNanoseconds, BlkLongestBackoffNanoseconds, BlkMaxRestartsInARow, BlkStableRunNanoseconds),
            BlkHeartbeatMilliseconds, BlkWatchdogMilliseconds, servesBlockDevice: true);

        private static DriverRegistration Edu() => new DriverRegistration(EduManifest(),
            incarnation => new EduDriver(incarnation.OpenChannel<EduRequest, EduCompletion>(EduDriver.ChannelCapacity)),
            RestartPolicy.OnFailure(EduMaxRestartsInARow, EduStableRunNanoseconds), EduHeartbeatMilliseconds, EduWatchdogMilliseconds);
    }
}
