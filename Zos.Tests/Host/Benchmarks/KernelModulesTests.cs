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

    private void AddModule(string relativePath, string depends, string? softdep = null)
    {
        string path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string soft = softdep is null ? "" : $"softdep={softdep}\0";
        File.WriteAllBytes(path, Module($"license=GPL\0{soft}depends={depends}\0intree=Y\0name={Path.GetFileNameWithoutExtension(path)}\0"));
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
    public void SoftDependenciesComeFromModinfo()
    {
        var (pre, post) = KernelModules.SoftDependencies(Module("softdep=pre: crct10dif\0depends=crct10dif_common\0"));
        Assert.That((pre, post), Is.EqualTo((new[] { "crct10dif" }, Array.Empty<string>())));
        (pre, post) = KernelModules.SoftDependencies(Module("softdep=pre: a b post: c\0softdep=post: d\0"));
        Assert.That((pre, post), Is.EqualTo((new[] { "a", "b" }, new[] { "c", "d" })));
        Assert.That(KernelModules.SoftDependencies(Module("depends=\0")), Is.EqualTo((Array.Empty<string>(), Array.Empty<string>())));
        Assert.Throws<InvalidDataException>(() => KernelModules.SoftDependencies(Module("softdep=crc64\0")));
    }

    // The generic Debian 12 kernel's (6.1.0-57) AHCI modules as their .modinfo has them: ahci for the
    // controller, sd_mod for the disk, whose T10 protection information brings in the CRC modules.
    // crc-t10dif's soft dependency "crct10dif" is a crypto alias (of crct10dif_generic), not a module
    // name, and is left out; crc64-rocksoft's "crc64" is a module and comes first.
    [Test]
    public void AhciAndSdModLoadInDependencyOrder()
    {
        AddModule("kernel/drivers/scsi/scsi_common.ko", "");
        AddModule("kernel/drivers/scsi/scsi_mod.ko", "scsi_common");
        AddModule("kernel/drivers/ata/libata.ko", "scsi_mod,scsi_common");
        AddModule("kernel/drivers/ata/libahci.ko", "libata");
        AddModule("kernel/drivers/ata/ahci.ko", "libahci,libata");
        AddModule("kernel/crypto/crct10dif_common.ko", "");
        AddModule("kernel/crypto/crct10dif_generic.ko", "crct10dif_common");
        AddModule("kernel/lib/crc-t10dif.ko", "crct10dif_common", softdep: "pre: crct10dif");
        AddModule("kernel/lib/crc64.ko", "");
        AddModule("kernel/lib/crc64-rocksoft.ko", "crc64", softdep: "pre: crc64");
        AddModule("kernel/block/t10-pi.ko", "crc-t10dif,crc64-rocksoft");
        AddModule("kernel/drivers/scsi/sd_mod.ko", "scsi_mod,t10-pi");
        var order = KernelModules.LoadOrder(_directory, Zos.Tests.Benchmarks.Linux.LinuxDiskDriver.Ahci.Modules).Select(Path.GetFileName);
        Assert.That(order, Is.EqualTo(new[]
        {
            "scsi_common.ko", "scsi_mod.ko", "libata.ko", "libahci.ko", "ahci.ko",
            "crct10dif_common.ko", "crc-t10dif.ko", "crc64.ko", "crc64-rocksoft.ko", "t10-pi.ko", "sd_mod.ko",
        }));
    }

    [Test]
    public void PostSoftDependenciesFollowTheModule()
    {
        AddModule("a.ko", "", softdep: "pre: b post: c");
        AddModule("b.ko", "");
        AddModule("c.ko", "a");
        Assert.That(KernelModules.LoadOrder(_directory, ["a"]).Select(Path.GetFileName), Is.EqualTo(new[] { "b.ko", "a.ko", "c.ko" }));
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
