using Zos.Build;

namespace Zos.Tests.Benchmarks.Linux;

// What the Linux guest needs to drive one kind of disk (QemuDiskOptions.Controller) with
// Linux's own driver: the Debian kernel that has it, the modules /init loads (their
// dependencies are found in the modules themselves, KernelModules), the block device the
// disk appears as, where sysfs has the PCI function behind that block device, and what
// its interrupts are called in /proc/interrupts.
public sealed record LinuxDiskDriver(string Name, DiskController Controller, string KernelMetapackage, IReadOnlyList<string> Modules,
    string BlockDevice, string PciFunctionPath, string InterruptName)
{
    // The cloud kernel (LZ4, fewer modules, faster to boot) builds virtio_blk as a module.
    // /sys/block/vda/device is the virtio device; its parent is the PCI function.
    public static readonly LinuxDiskDriver VirtioBlk = new("virtio-blk", DiskController.VirtioBlk, "linux-image-cloud-amd64",
        ["virtio_pci", "virtio_blk"], "vda", "/sys/block/vda/device/..", "virtio");

    // The cloud kernel has no AHCI (no CONFIG_SATA_AHCI): the generic one has it as a module.
    // The disk is a SCSI disk (sd_mod) on libata: /sys/block/sda/device is the SCSI device
    // 0:0:0:0, under target0:0:0, host0 and ata1, which are under the PCI function.
    public static readonly LinuxDiskDriver Ahci = new("ahci", DiskController.Ahci, "linux-image-amd64",
        ["ahci", "sd_mod"], "sda", "/sys/block/sda/device/../../../..", "ahci");

    // The cloud kernel has NVMe built in (CONFIG_BLK_DEV_NVME=y, checked in its boot/config-*):
    // no module to load. /sys/block/nvme0n1/device is the controller nvme0 (class nvme), whose
    // device is the PCI function; its interrupts are nvme0q0 (admin) and nvme0q1.. (one I/O queue per CPU).
    public static readonly LinuxDiskDriver Nvme = new("nvme", DiskController.Nvme, "linux-image-cloud-amd64",
        [], "nvme0n1", "/sys/block/nvme0n1/device/device", "nvme");

    public static LinuxDiskDriver For(DiskController controller) => controller switch
    {
        DiskController.VirtioBlk => VirtioBlk,
        DiskController.Ahci => Ahci,
        DiskController.Nvme => Nvme,
        _ => throw new ArgumentOutOfRangeException(nameof(controller), controller, "no Linux driver for this controller"),
    };

    public string DevicePath => "/dev/" + BlockDevice;
}
