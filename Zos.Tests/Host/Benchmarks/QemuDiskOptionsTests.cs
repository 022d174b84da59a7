using Zos.Build;

namespace Zos.Tests.Host.Benchmarks;

public class QemuDiskOptionsTests
{
    [Test]
    public void ModernTransportWithoutHostCache()
    {
        var disk = new QemuDiskOptions("/images/a.img", VirtioTransport.Modern, DiskCache.None);
        Assert.That(disk.Arguments(), Is.EqualTo(new[]
        {
            "-drive", "file=/images/a.img,if=none,id=blk0,format=raw,aio=threads,cache=none",
            "-device", "virtio-blk-pci,drive=blk0,disable-legacy=on",
        }));
        Assert.That(disk.PciDeviceId, Is.EqualTo(0x1042));
        Assert.That(disk.Describe(), Is.EqualTo("modern, cache=none"));
    }

    [Test]
    public void LegacyTransportReadOnlySecondDisk()
    {
        var disk = new QemuDiskOptions("b.img", VirtioTransport.Legacy, DiskCache.Writeback, Id: "blk1", ReadOnly: true);
        Assert.That(disk.Arguments(), Is.EqualTo(new[]
        {
            "-drive", "file=b.img,if=none,id=blk1,format=raw,aio=threads,cache=writeback,readonly=on",
            "-device", "virtio-blk-pci,drive=blk1,disable-modern=on",
        }));
        Assert.That(disk.PciDeviceId, Is.EqualTo(0x1001));
    }

    [Test]
    public void AhciDiskIsOnPortZeroOfQ35()
    {
        var disk = QemuDiskOptions.Ahci("/images/a.img", DiskCache.None);
        Assert.That(disk.Arguments(), Is.EqualTo(new[]
        {
            "-machine", "q35",
            "-drive", "file=/images/a.img,if=none,id=blk0,format=raw,aio=threads,cache=none",
            "-device", "ide-hd,drive=blk0,bus=ide.0",
        }));
        Assert.That(disk.Controller, Is.EqualTo(DiskController.Ahci));
        Assert.That(disk.PciDeviceId, Is.EqualTo(0x2922), "ich9-ahci");
        Assert.That(disk.Describe(), Is.EqualTo("ahci, cache=none"));
    }

    [Test]
    public void AhciReadOnlyWithWriteback()
    {
        var disk = QemuDiskOptions.Ahci("b.img", DiskCache.Writeback, id: "d1", readOnly: true);
        Assert.That(disk.Arguments()[3], Is.EqualTo("file=b.img,if=none,id=d1,format=raw,aio=threads,cache=writeback,readonly=on"));
        Assert.That(disk.Arguments()[5], Is.EqualTo("ide-hd,drive=d1,bus=ide.0"));
        Assert.That(disk.Describe(), Is.EqualTo("ahci, cache=writeback"));
    }

    [Test]
    public void NvmeDiskIsNamespaceOneOfItsOwnController()
    {
        var disk = QemuDiskOptions.Nvme("/images/a.img", DiskCache.Writeback, id: "d1", readOnly: true);
        Assert.That(disk.Arguments(), Is.EqualTo(new[]
            { "-drive", "file=/images/a.img,if=none,id=d1,format=raw,aio=threads,cache=writeback,readonly=on", "-device", "nvme,serial=ZOS-BENCH,drive=d1" }));
        Assert.That((disk.Controller, disk.PciDeviceId, disk.Describe()), Is.EqualTo((DiskController.Nvme, (ushort)0x0010, "nvme, cache=writeback")),
            "QEMU's nvme is 1b36:0010");
        Assert.Throws<BuildException>(() => QemuDiskOptions.Nvme("/tmp/a,b.img", DiskCache.None).Arguments());
    }

    [Test]
    public void ZosNamesEachControllersDiskAndDriver()
    {
        var virtio = new QemuDiskOptions("a.img", VirtioTransport.Modern, DiskCache.None);
        var ahci = QemuDiskOptions.Ahci("a.img", DiskCache.None);
        var nvme = QemuDiskOptions.Nvme("a.img", DiskCache.None);
        Assert.That((Zos.Tests.Qemu.ZosDiskNames.Device(virtio), Zos.Tests.Qemu.ZosDiskNames.Driver(virtio)), Is.EqualTo(("blk0", "blk0")));
        Assert.That((Zos.Tests.Qemu.ZosDiskNames.Device(ahci), Zos.Tests.Qemu.ZosDiskNames.Driver(ahci)), Is.EqualTo(("ahci0p0", "ahci0")));
        Assert.That((Zos.Tests.Qemu.ZosDiskNames.Device(nvme), Zos.Tests.Qemu.ZosDiskNames.Driver(nvme)), Is.EqualTo(("nvme0n1", "nvme0")));
    }

    [Test]
    public void VirtioIsTheDefaultController() =>
        Assert.That(new QemuDiskOptions("a.img", VirtioTransport.Legacy, DiskCache.None).Controller, Is.EqualTo(DiskController.VirtioBlk));

    [Test]
    public void CommaInThePathIsRefused()
    {
        var disk = new QemuDiskOptions("/tmp/a,b.img", VirtioTransport.Modern, DiskCache.None);
        Assert.Throws<BuildException>(() => disk.Arguments());
        Assert.Throws<BuildException>(() => QemuDiskOptions.Ahci("/tmp/a,b.img", DiskCache.None).Arguments());
    }
}
