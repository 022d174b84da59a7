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

// One virtio-blk disk as QEMU command-line arguments: the single place that turns
// (image, transport, cache) into a -drive/-device pair, so that Zos and the Linux
// guest it is compared with are given exactly the same disk.
public sealed record QemuDiskOptions(string Image, VirtioTransport Transport, DiskCache Cache, string Id = "blk0", bool ReadOnly = false)
{
    // PCI device ids QEMU gives virtio-blk for each transport (virtio spec 4.1.2).
    public ushort PciDeviceId => Transport == VirtioTransport.Modern ? (ushort)0x1042 : (ushort)0x1001;

    public string[] Arguments()
    {
        if (Image.Contains(',')) throw new BuildException($"disk image path {Image} contains a comma, which QEMU's -drive cannot take");
        string drive = $"file={Image},if=none,id={Id},format=raw,aio=threads,cache={CacheName}";
        if (ReadOnly) drive += ",readonly=on";
        string transport = Transport == VirtioTransport.Modern ? "disable-legacy=on" : "disable-modern=on";
        return ["-drive", drive, "-device", $"virtio-blk-pci,drive={Id},{transport}"];
    }

    // "modern, cache=none": how benchmark rows and test names show the configuration.
    public string Describe() => $"{Transport.ToString().ToLowerInvariant()}, cache={CacheName}";

    private string CacheName => Cache == DiskCache.None ? "none" : "writeback";
}
