using Zos.Build;

namespace Zos.Tests.Qemu;

// What Zos names a QEMU disk and the driver instance serving it.
public static class ZosDiskNames
{
    // The block device Zos makes of the disk: virtio-blk's only unit, AHCI port 0's or NVMe namespace 1's.
    public static string Device(QemuDiskOptions disk) => disk.Controller switch
    {
        DiskController.Ahci => "ahci0p0",
        DiskController.Nvme => "nvme0n1",
        _ => "blk0",
    };

    // The driver instance behind it (`drivers`, `inject`).
    public static string Driver(QemuDiskOptions disk) => disk.Controller switch
    {
        DiskController.Ahci => "ahci0",
        DiskController.Nvme => "nvme0",
        _ => "blk0",
    };
}
