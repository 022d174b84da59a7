using Zos.Build;

namespace Zos.Tests.Qemu;

// A blank disk image for the key-value tests, on virtio-blk or on AHCI (q35),
// and Zos booted on it as often as a test needs: each boot at the prompt
// with the disk's driver Running.
public sealed class KvDisk : IDisposable
{
    public const int Sector = 512;

    private readonly string _folder;

    public KvDisk(DiskController controller, int sectors = 8192)
    {
        Controller = controller;
        _folder = Directory.CreateTempSubdirectory("zos-kv-").FullName;
        Image = Path.Combine(_folder, "kv.img");
        File.WriteAllBytes(Image, new byte[sectors * Sector]);
    }

    public DiskController Controller { get; }
    public string Image { get; }
    // The block device and the driver instance serving it.
    public string Device => Controller == DiskController.Ahci ? "ahci0p0" : "blk0";
    public string Driver => Controller == DiskController.Ahci ? "ahci0" : "blk0";

    public ZosMachine Boot()
    {
        var disk = Controller == DiskController.Ahci
            ? QemuDiskOptions.Ahci(Image, DiskCache.Writeback)
            : new QemuDiskOptions(Image, VirtioTransport.Modern, DiskCache.Writeback);
        var machine = ZosMachine.Start(disk.Arguments());
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, Driver, "Running", 1, TimeSpan.FromSeconds(30));
        return machine;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
