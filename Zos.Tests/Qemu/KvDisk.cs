using Zos.Build;

namespace Zos.Tests.Qemu;

// A blank disk image for the key-value tests, on virtio-blk, AHCI (q35) or NVMe,
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
    public QemuDiskOptions Options => new(Image, VirtioTransport.Modern, DiskCache.Writeback, Controller: Controller);
    // The block device and the driver instance serving it.
    public string Device => ZosDiskNames.Device(Options);
    public string Driver => ZosDiskNames.Driver(Options);

    public ZosMachine Boot()
    {
        var machine = ZosMachine.Start(Options.Arguments());
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, Driver, "Running", 1, TimeSpan.FromSeconds(30));
        return machine;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
