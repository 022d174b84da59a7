namespace Zos.Build;

// Which virtio PCI interface QEMU's virtio-blk-pci offers the guest.
public enum VirtioTransport
{
    // virtio 1.x only (vendor capabilities, memory BARs), device id 0x1042.
    Modern,
    // The legacy I/O-BAR interface only, device id 0x1001.
    Legacy,
}

// How QEMU's block layer reaches the image file on the host.
public enum DiskCache
{
    // O_DIRECT on the host file: every guest request is a host disk request.
    None,
    // The host page cache holds the image; flushes reach the disk.
    Writeback,
}

// What the disk hangs on in the guest.
public enum DiskController
{
    // virtio-blk-pci, on any machine; its interface is the options' VirtioTransport.
    VirtioBlk,
    // An ATA disk (ide-hd) on port 0 of the ich9-ahci controller built into QEMU's q35 machine
    // (the machine itself is part of the arguments: the default pc machine has no AHCI).
    Ahci,
    // Namespace 1 of QEMU's NVMe controller (`-device nvme`), on any machine.
    Nvme,
}

// One disk as QEMU command-line arguments: the single place that turns (image,
// controller, transport, cache) into arguments, so that Zos and the Linux guest
// it is compared with are given exactly the same disk on the same machine.
// Transport only matters for virtio-blk.
public sealed record QemuDiskOptions(string Image, VirtioTransport Transport, DiskCache Cache, string Id = "blk0", bool ReadOnly = false,
    DiskController Controller = DiskController.VirtioBlk)
{
    // QEMU's ich9-ahci is Intel 8086:2922 (82801IR, hw/ide/ich.c).
    public const ushort Ich9AhciDeviceId = 0x2922;
    // QEMU's nvme is Red Hat 1b36:0010 (hw/nvme/ctrl.c).
    public const ushort QemuNvmeDeviceId = 0x0010;
    // The NVMe controller's serial number (QEMU requires one).
    public const string NvmeSerial = "ZOS-BENCH";

    // A disk on port 0 of q35's AHCI controller.
    public static QemuDiskOptions Ahci(string image, DiskCache cache, string id = "blk0", bool readOnly = false) =>
        new(image, VirtioTransport.Modern, cache, id, readOnly, DiskController.Ahci);

    // A disk as namespace 1 of an NVMe controller of its own.
    public static QemuDiskOptions Nvme(string image, DiskCache cache, string id = "blk0", bool readOnly = false) =>
        new(image, VirtioTransport.Modern, cache, id, readOnly, DiskController.Nvme);

    // The PCI device id of the controller the guest drives the disk through:
    // virtio-blk's per transport (virtio spec 4.1.2), ich9-ahci's or QEMU's nvme.
    public ushort PciDeviceId => Controller switch
    {
        DiskController.Ahci => Ich9AhciDeviceId,
        DiskController.Nvme => QemuNvmeDeviceId,
        _ => Transport == VirtioTransport.Modern ? (ushort)0x1042 : (ushort)0x1001,
    };

    public string[] Arguments()
    {
        if (Image.Contains(',')) throw new BuildException($"disk image path {Image} contains a comma, which QEMU's -drive cannot take");
        string drive = $"file={Image},if=none,id={Id},format=raw,aio=threads,cache={CacheName}";
        if (ReadOnly) drive += ",readonly=on";
        if (Controller == DiskController.Ahci)
            // q35's AHCI ports are buses ide.0 to ide.5; the boot CD of `zos run` is on ide.2.
            return ["-machine", "q35", "-drive", drive, "-device", $"ide-hd,drive={Id},bus=ide.0"];
        if (Controller == DiskController.Nvme)
            // The drive becomes namespace 1, with QEMU's defaults (512-byte blocks, 64 I/O queue pairs offered).
            return ["-drive", drive, "-device", $"nvme,serial={NvmeSerial},drive={Id}"];
        string transport = Transport == VirtioTransport.Modern ? "disable-legacy=on" : "disable-modern=on";
        return ["-drive", drive, "-device", $"virtio-blk-pci,drive={Id},{transport}"];
    }

    // "modern, cache=none" (virtio-blk), "ahci, cache=none" or "nvme, cache=none": how benchmark rows and test names show the configuration.
    public string Describe() =>
        $"{(Controller == DiskController.VirtioBlk ? Transport.ToString().ToLowerInvariant() : Controller.ToString().ToLowerInvariant())}, cache={CacheName}";

    private string CacheName => Cache == DiskCache.None ? "none" : "writeback";
}
