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
    public void CommaInThePathIsRefused()
    {
        var disk = new QemuDiskOptions("/tmp/a,b.img", VirtioTransport.Modern, DiskCache.None);
        Assert.Throws<BuildException>(() => disk.Arguments());
    }
}
