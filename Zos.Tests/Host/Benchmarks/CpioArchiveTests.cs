using System.Text;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Host.Benchmarks;

public class CpioArchiveTests
{
    private sealed record Entry(string Name, int Mode, int RdevMajor, int RdevMinor, byte[] Data, long HeaderOffset);

    // Reads a newc archive back the way the kernel does: 110-byte ASCII header, name, data, each 4-byte aligned.
    private static List<Entry> Read(byte[] archive)
    {
        var entries = new List<Entry>();
        int offset = 0;
        while (true)
        {
            Assert.That(Encoding.ASCII.GetString(archive, offset, 6), Is.EqualTo("070701"), $"magic at {offset}");
            int Field(int index) => Convert.ToInt32(Encoding.ASCII.GetString(archive, offset + 6 + index * 8, 8), 16);
            int mode = Field(1), size = Field(6), nameSize = Field(11);
            string name = Encoding.ASCII.GetString(archive, offset + 110, nameSize - 1);
            Assert.That(archive[offset + 110 + nameSize - 1], Is.Zero, "name ends with NUL");
            int data = (offset + 110 + nameSize + 3) & ~3;
            var entry = new Entry(name, mode, Field(9), Field(10), archive[data..(data + size)], offset);
            offset = (data + size + 3) & ~3;
            if (name == "TRAILER!!!") return entries;
            entries.Add(entry);
        }
    }

    private static List<Entry> Write(CpioArchive archive)
    {
        var stream = new MemoryStream();
        archive.WriteTo(stream);
        Assert.That(stream.Length % 4, Is.Zero);
        return Read(stream.ToArray());
    }

    [Test]
    public void ParentDirectoriesComeFirst()
    {
        var archive = new CpioArchive();
        archive.AddFile("/usr/lib/x/libz.so.1", [1, 2, 3], executable: true);
        archive.AddFile("usr/bin/fio", [4], executable: true);
        var entries = Write(archive);
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "usr", "usr/lib", "usr/lib/x", "usr/lib/x/libz.so.1", "usr/bin", "usr/bin/fio" }));
        Assert.That(entries.Where(e => !e.Name.Contains(".so") && !e.Name.EndsWith("fio")).Select(e => e.Mode), Has.All.EqualTo(0x41ED));
    }

    [Test]
    public void FileContentsModesAndAlignment()
    {
        var archive = new CpioArchive();
        archive.AddFile("init", Encoding.ASCII.GetBytes("#!/bin/sh\n"), executable: true);
        archive.AddFile("jobs.fio", [9, 8, 7, 6, 5], executable: false);
        var entries = Write(archive);
        Assert.That(entries[0].Data, Is.EqualTo(Encoding.ASCII.GetBytes("#!/bin/sh\n")));
        Assert.That(entries[0].Mode, Is.EqualTo(0x81ED));
        Assert.That(entries[1].Data, Is.EqualTo(new byte[] { 9, 8, 7, 6, 5 }));
        Assert.That(entries[1].Mode, Is.EqualTo(0x81A4));
        Assert.That(entries.Select(e => e.HeaderOffset % 4), Has.All.Zero);
    }

    [Test]
    public void SymlinksAndDeviceNodes()
    {
        var archive = new CpioArchive();
        archive.AddSymlink("bin/sh", "busybox");
        archive.AddCharDevice("dev/console", 5, 1);
        var entries = Write(archive);
        var link = entries.Single(e => e.Name == "bin/sh");
        Assert.That((link.Mode, Encoding.ASCII.GetString(link.Data)), Is.EqualTo((0xA1FF, "busybox")));
        var console = entries.Single(e => e.Name == "dev/console");
        Assert.That((console.Mode, console.RdevMajor, console.RdevMinor), Is.EqualTo((0x2180, 5, 1)));
    }

    [Test]
    public void DuplicatesAndEscapingPathsAreRefused()
    {
        var archive = new CpioArchive();
        archive.AddFile("init", [], executable: true);
        Assert.Throws<InvalidOperationException>(() => archive.AddFile("/init", [], executable: true));
        Assert.Throws<ArgumentException>(() => archive.AddFile("../etc/passwd", [], executable: false));
        Assert.Throws<ArgumentException>(() => archive.AddDirectory("/"));
        Assert.That(archive.Contains("/init"), Is.True);
    }
}
