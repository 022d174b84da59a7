using System.Buffers.Binary;
using System.Text;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Host.Benchmarks;

public class KernelModulesTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("zos-kmod-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    // A minimal ELF64 module: header, section names, .modinfo, then three section headers (null, .shstrtab, .modinfo).
    private static byte[] Module(string modinfo)
    {
        byte[] names = Encoding.ASCII.GetBytes("\0.shstrtab\0.modinfo\0");
        byte[] info = Encoding.ASCII.GetBytes(modinfo);
        int namesAt = 64, infoAt = namesAt + names.Length, headersAt = (infoAt + info.Length + 7) & ~7;
        var elf = new byte[headersAt + 3 * 64];
        elf[0] = 0x7F; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2; elf[5] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(0x28), (ulong)headersAt);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3C), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3E), 1);
        names.CopyTo(elf, namesAt);
        info.CopyTo(elf, infoAt);
        void Header(int index, int name, int offset, int size)
        {
            var header = elf.AsSpan(headersAt + index * 64);
            BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)name);
            BinaryPrimitives.WriteUInt64LittleEndian(header[0x18..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(header[0x20..], (ulong)size);
        }
        Header(1, 1, namesAt, names.Length);
        Header(2, 11, infoAt, info.Length);
        return elf;
    }

    private void AddModule(string relativePath, string depends)
    {
        string path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Module($"license=GPL\0depends={depends}\0intree=Y\0name={Path.GetFileNameWithoutExtension(path)}\0"));
    }

    [Test]
    public void DependenciesComeFromModinfo()
    {
        Assert.That(KernelModules.Dependencies(Module("depends=virtio,virtio_ring\0name=virtio_blk\0")), Is.EqualTo(new[] { "virtio", "virtio_ring" }));
        Assert.That(KernelModules.Dependencies(Module("depends=\0name=virtio\0")), Is.Empty);
    }

    [Test]
    public void LoadOrderPutsDependenciesFirstOnce()
    {
        AddModule("kernel/drivers/virtio/virtio.ko", "");
        AddModule("kernel/drivers/virtio/virtio_ring.ko", "virtio");
        AddModule("kernel/drivers/virtio/virtio_pci_modern_dev.ko", "");
        AddModule("kernel/drivers/virtio/virtio_pci.ko", "virtio_pci_modern_dev,virtio_ring,virtio");
        AddModule("kernel/drivers/block/virtio-blk.ko", "virtio,virtio_ring");
        var order = KernelModules.LoadOrder(_directory, ["virtio_pci", "virtio_blk"]).Select(Path.GetFileName);
        Assert.That(order, Is.EqualTo(new[] { "virtio_pci_modern_dev.ko", "virtio.ko", "virtio_ring.ko", "virtio_pci.ko", "virtio-blk.ko" }));
    }

    [Test]
    public void MissingModuleAndCyclesAreErrors()
    {
        AddModule("a.ko", "b");
        AddModule("b.ko", "a");
        AddModule("c.ko", "nowhere");
        Assert.Throws<InvalidDataException>(() => KernelModules.LoadOrder(_directory, ["a"]));
        Assert.That(Assert.Throws<FileNotFoundException>(() => KernelModules.LoadOrder(_directory, ["c"]))!.Message, Does.Contain("no module nowhere"));
    }

    [Test]
    public void NonElfFileIsAnError()
    {
        Assert.Throws<InvalidDataException>(() => KernelModules.Dependencies(Encoding.ASCII.GetBytes("depends=virtio")));
    }
}
