using NUnit.Framework;
using Zos.Kernel.Boot;

namespace Zos.Tests.Host;

public class Multiboot2InfoTests
{
    private static Multiboot2Info Parse(byte[] bytes)
    {
        bool ok = Multiboot2Info.TryParse(bytes, out var info, out string error);
        Assert.That(ok, Is.True, error);
        Assert.That(error, Is.Null);
        return info;
    }

    private static string ParseError(byte[] bytes)
    {
        bool ok = Multiboot2Info.TryParse(bytes, out var info, out string error);
        Assert.That(ok, Is.False);
        Assert.That(info, Is.Null);
        return error;
    }

    [Test]
    public void ParsesTypicalQemuBoot()
    {
        var bytes = new Multiboot2InfoBuilder()
            .String(1, "console=serial debug")
            .String(2, "GRUB 2.12")
            .Module(0x200000, 0x201234, "zos.sym")
            .Module(0x202000, 0x203000, "initrd extra")
            .BasicMemory(639, 130048)
            .MemoryMap(
                (0x0, 0x9fc00, 1),
                (0x9fc00, 0x400, 2),
                (0xf0000, 0x10000, 2),
                (0x100000, 0x7ee0000, 1),
                (0x7fe0000, 0x20000, 2),
                (0xfffc0000, 0x40000, 2))
            .End()
            .Build();

        var info = Parse(bytes);

        Assert.That(info.TotalSize, Is.EqualTo(bytes.Length));
        Assert.That(info.CommandLine, Is.EqualTo("console=serial debug"));
        Assert.That(info.BootLoaderName, Is.EqualTo("GRUB 2.12"));
        Assert.That(info.Modules, Has.Length.EqualTo(2));
        Assert.That(info.Modules[0].Start, Is.EqualTo(0x200000));
        Assert.That(info.Modules[0].End, Is.EqualTo(0x201234));
        Assert.That(info.Modules[0].Length, Is.EqualTo(0x1234));
        Assert.That(info.Modules[0].Name, Is.EqualTo("zos.sym"));
        Assert.That(info.Modules[1].Name, Is.EqualTo("initrd extra"));
        Assert.That(info.HasBasicMemoryInfo, Is.True);
        Assert.That(info.LowerMemoryKiB, Is.EqualTo(639));
        Assert.That(info.UpperMemoryKiB, Is.EqualTo(130048));

        var map = info.MemoryMap;
        Assert.That(map, Has.Length.EqualTo(6));
        Assert.That(map[0].Base, Is.EqualTo(0));
        Assert.That(map[0].Length, Is.EqualTo(0x9fc00));
        Assert.That(map[0].Kind, Is.EqualTo(MemoryKind.Available));
        Assert.That(map[1].Kind, Is.EqualTo(MemoryKind.Reserved));
        Assert.That(map[2].Base, Is.EqualTo(0xf0000));
        Assert.That(map[2].End, Is.EqualTo(0x100000));
        Assert.That(map[3].Base, Is.EqualTo(0x100000));
        Assert.That(map[3].End, Is.EqualTo(0x7fe0000));
        Assert.That(map[3].Kind, Is.EqualTo(MemoryKind.Available));
        Assert.That(map[5].Base, Is.EqualTo(0xfffc0000));
        Assert.That(info.AcpiOldRsdp.IsPresent, Is.False);
        Assert.That(info.AcpiNewRsdp.IsPresent, Is.False);
    }

    [Test]
    public void MinimalStructureHasNothing()
    {
        var info = Parse(new Multiboot2InfoBuilder().End().Build());

        Assert.That(info.TotalSize, Is.EqualTo(16));
        Assert.That(info.CommandLine, Is.EqualTo(""));
        Assert.That(info.BootLoaderName, Is.EqualTo(""));
        Assert.That(info.Modules, Is.Empty);
        Assert.That(info.MemoryMap, Is.Empty);
        Assert.That(info.HasBasicMemoryInfo, Is.False);
    }

    [Test]
    public void KeepsAllMemoryKindsIncludingUnknownOnes()
    {
        var info = Parse(new Multiboot2InfoBuilder()
            .MemoryMap((0x0, 0x1000, 3), (0x1000, 0x1000, 4), (0x2000, 0x1000, 5), (0x3000, 0x1000, 20))
            .End()
            .Build());

        Assert.That(info.MemoryMap[0].Kind, Is.EqualTo(MemoryKind.AcpiReclaimable));
        Assert.That(info.MemoryMap[1].Kind, Is.EqualTo(MemoryKind.AcpiNvs));
        Assert.That(info.MemoryMap[2].Kind, Is.EqualTo(MemoryKind.Defective));
        Assert.That((uint)info.MemoryMap[3].Kind, Is.EqualTo(20));
    }

    [Test]
    public void StepsOverLargerMemoryMapEntries()
    {
        var info = Parse(new Multiboot2InfoBuilder()
            .MemoryMap(32, (0x0, 0x9fc00, 1), (0x100000, 0x1000000, 1))
            .End()
            .Build());

        Assert.That(info.MemoryMap, Has.Length.EqualTo(2));
        Assert.That(info.MemoryMap[1].Base, Is.EqualTo(0x100000));
        Assert.That(info.MemoryMap[1].Length, Is.EqualTo(0x1000000));
    }

    [Test]
    public void RecordsAcpiRsdpPayloads()
    {
        var builder = new Multiboot2InfoBuilder().String(1, "x");
        int oldOffset = builder.Offset + 8;
        builder.Tag(14, Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
        int newOffset = builder.Offset + 8;
        builder.Tag(15, Enumerable.Range(100, 36).Select(i => (byte)i).ToArray());
        var bytes = builder.End().Build();
        var info = Parse(bytes);

        Assert.That(info.AcpiOldRsdp.IsPresent, Is.True);
        Assert.That(info.AcpiOldRsdp.Offset, Is.EqualTo(oldOffset));
        Assert.That(info.AcpiOldRsdp.Length, Is.EqualTo(20));
        Assert.That(info.AcpiNewRsdp.IsPresent, Is.True);
        Assert.That(info.AcpiNewRsdp.Offset, Is.EqualTo(newOffset));
        Assert.That(info.AcpiNewRsdp.Length, Is.EqualTo(36));
        Assert.That(info.AcpiOldRsdp.Bytes(bytes).ToArray(), Is.EqualTo(Enumerable.Range(1, 20).Select(i => (byte)i)));
        Assert.That(info.AcpiNewRsdp.Bytes(bytes).ToArray(), Is.EqualTo(Enumerable.Range(100, 36).Select(i => (byte)i)));
    }

    [Test]
    public void SkipsUnknownTagsAndIgnoresBytesAfterTotalSize()
    {
        var bytes = new Multiboot2InfoBuilder().Tag(21, new byte[13]).String(1, "quiet").End().Build();
        var padded = bytes.Concat(new byte[32]).ToArray();

        var info = Parse(padded);

        Assert.That(info.CommandLine, Is.EqualTo("quiet"));
        Assert.That(info.TotalSize, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void StringWithoutNulEndsAtTagEnd()
    {
        var info = Parse(new Multiboot2InfoBuilder().Tag(1, "abc"u8.ToArray()).End().Build());

        Assert.That(info.CommandLine, Is.EqualTo("abc"));
    }

    [Test]
    public void RejectsSpanShorterThanHeader()
    {
        Assert.That(ParseError(new byte[4]), Is.EqualTo("boot information is 4 bytes, too short for its 8-byte header"));
    }

    [Test]
    public void RejectsTotalSizeBelowSixteen()
    {
        var bytes = new Multiboot2InfoBuilder().End().Build(totalSize: 8);

        Assert.That(ParseError(bytes), Is.EqualTo("total size 8 is less than the minimal 16 (header and end tag)"));
    }

    [Test]
    public void RejectsTotalSizeLargerThanSpan()
    {
        var bytes = new Multiboot2InfoBuilder().End().Build(totalSize: 64);

        Assert.That(ParseError(bytes), Is.EqualTo("total size 64 exceeds the 16 bytes available"));
    }

    [Test]
    public void RejectsTagRunningPastTheEnd()
    {
        var bytes = new Multiboot2InfoBuilder()
            .String(1, "console=serial debug")            // 0x08..0x28
            .String(2, "GRUB 2.12")                       // 0x28..0x40
            .Module(0x200000, 0x201000, "a")              // 0x40..0x58
            .RawTag(6, 40, new byte[8])                   // claims 40 bytes, 16 remain
            .Build();

        Assert.That(ParseError(bytes), Is.EqualTo("tag 6 at offset 0x58 runs past the end (size 40, 16 bytes left)"));
    }

    [Test]
    public void RejectsTagSmallerThanItsHeader()
    {
        var bytes = new Multiboot2InfoBuilder().RawTag(1, 4, []).End().Build();

        Assert.That(ParseError(bytes), Is.EqualTo("tag 1 at offset 0x8 has size 4, less than its 8-byte header"));
    }

    [Test]
    public void RejectsMissingEndTag()
    {
        var bytes = new Multiboot2InfoBuilder().String(1, "quiet").Build();

        Assert.That(ParseError(bytes), Is.EqualTo("no end tag within the total size of 24 bytes"));
    }

    [Test]
    public void RejectsMemoryMapWithShortEntries()
    {
        var bytes = new Multiboot2InfoBuilder().MemoryMap(16, (0x0, 0x1000, 1)).End().Build();

        Assert.That(ParseError(bytes), Is.EqualTo("tag 6 at offset 0x8 has memory map entry size 16, less than 24"));
    }

    [TestCase(3u)]
    [TestCase(4u)]
    [TestCase(6u)]
    public void RejectsTagTooShortForItsFields(uint type)
    {
        var bytes = new Multiboot2InfoBuilder().Tag(type, new byte[4]).End().Build();

        Assert.That(ParseError(bytes), Is.EqualTo($"tag {type} at offset 0x8 has size 12, too short for its fields (at least 16)"));
    }
}
