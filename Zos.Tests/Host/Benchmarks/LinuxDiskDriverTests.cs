using Zos.Build;
using Zos.Tests.Benchmarks;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Host.Benchmarks;

public class LinuxDiskDriverTests
{
    [Test]
    public void EachControllerHasItsKernelModulesAndDevice()
    {
        Assert.That(LinuxDiskDriver.For(DiskController.VirtioBlk), Is.SameAs(LinuxDiskDriver.VirtioBlk));
        Assert.That(LinuxDiskDriver.For(DiskController.Ahci), Is.SameAs(LinuxDiskDriver.Ahci));
        Assert.That((LinuxDiskDriver.VirtioBlk.KernelMetapackage, LinuxDiskDriver.VirtioBlk.DevicePath),
            Is.EqualTo(("linux-image-cloud-amd64", "/dev/vda")));
        Assert.That(LinuxDiskDriver.VirtioBlk.Modules, Is.EqualTo(new[] { "virtio_pci", "virtio_blk" }));
        Assert.That((LinuxDiskDriver.Ahci.KernelMetapackage, LinuxDiskDriver.Ahci.DevicePath), Is.EqualTo(("linux-image-amd64", "/dev/sda")),
            "the cloud kernel has no AHCI");
        Assert.That(LinuxDiskDriver.Ahci.Modules, Is.EqualTo(new[] { "ahci", "sd_mod" }));
        Assert.That(LinuxDiskDriver.For(DiskController.Nvme), Is.SameAs(LinuxDiskDriver.Nvme));
        Assert.That((LinuxDiskDriver.Nvme.KernelMetapackage, LinuxDiskDriver.Nvme.DevicePath), Is.EqualTo(("linux-image-cloud-amd64", "/dev/nvme0n1")));
        Assert.That(LinuxDiskDriver.Nvme.Modules, Is.Empty, "the cloud kernel has NVMe built in");
    }

    [Test]
    public void TheNvmeInitLoadsNothingAndReadsTheControllersPciFunction()
    {
        string init = LinuxGuest.InitScript(LinuxDiskDriver.Nvme, []);
        Assert.That(init, Does.Not.Contain("insmod"));
        Assert.That(init, Does.Contain("while [ ! -b /dev/nvme0n1 ]; do"));
        Assert.That(init, Does.Contain("pci $(cat /sys/block/nvme0n1/device/device/device)"));
        Assert.That(init, Does.Contain("irq $(grep 'nvme' /proc/interrupts"));
    }

    [Test]
    public void TheAhciInitLoadsItsModulesAndReadsSda()
    {
        string init = LinuxGuest.InitScript(LinuxDiskDriver.Ahci, ["scsi_common.ko", "scsi_mod.ko", "libata.ko", "libahci.ko", "ahci.ko", "sd_mod.ko"]);
        var insmods = init.Split('\n').Where(line => line.StartsWith("insmod ", StringComparison.Ordinal)).Select(line => line.Split(' ')[1]);
        Assert.That(insmods, Is.EqualTo(new[]
        {
            "/modules/scsi_common.ko", "/modules/scsi_mod.ko", "/modules/libata.ko", "/modules/libahci.ko", "/modules/ahci.ko", "/modules/sd_mod.ko",
        }));
        Assert.That(init, Does.Contain("while [ ! -b /dev/sda ]; do"));
        Assert.That(init, Does.Contain("pci $(cat /sys/block/sda/device/../../../../device)"));
        Assert.That(init, Does.Contain("sectors $(cat /sys/block/sda/size)"));
        Assert.That(init, Does.Contain("irq $(grep 'ahci' /proc/interrupts"));
        Assert.That(init, Does.Not.Contain("vda"));
    }

    [Test]
    public void TheVirtioInitReadsVda()
    {
        string init = LinuxGuest.InitScript(LinuxDiskDriver.VirtioBlk, ["virtio_blk.ko"]);
        Assert.That(init, Does.Contain("pci $(cat /sys/block/vda/device/../device)"));
        Assert.That(init, Does.Contain("while [ ! -b /dev/vda ]; do"));
        Assert.That(init, Does.Not.Contain("sda"));
    }

    [Test]
    public void TheCommandLineKeepsTheInitramfsOnRamfsAndTakesExtras()
    {
        Assert.That(LinuxGuest.KernelCommandLine(""), Is.EqualTo("console=ttyS0 quiet loglevel=3 panic=-1 root=/dev/ram0"));
        Assert.That(LinuxGuest.KernelCommandLine("maxcpus=1"), Is.EqualTo("console=ttyS0 quiet loglevel=3 panic=-1 root=/dev/ram0 maxcpus=1"));
    }

    [Test]
    public void FioReadsTheDriversDevice()
    {
        string jobs = LinuxGuest.FioJobFile(BlockBenchJob.Standard, 4, LinuxDiskDriver.Ahci.DevicePath);
        Assert.That(jobs, Does.Contain("filename=/dev/sda\n").And.Contain("runtime=4\n").And.Contain("[rand-read-4k-qd32]\nrw=randread\nbs=4096\niodepth=32\n"));
    }
}
