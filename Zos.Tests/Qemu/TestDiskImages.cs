using System.Text;

namespace Zos.Tests.Qemu;

// The disk images the AHCI and NVMe tests give their controllers, in a
// directory of their own: a data image with the host's text at sector 1000,
// an empty second one, and a failing one whose reads of sector 64 fail with
// EIO (QEMU's blkdebug: FailingFile is the drive's file).
public sealed class TestDiskImages : IDisposable
{
    public const int Sector = 512;
    public const int DataSectors = 8192;      // 4 MiB
    public const int SecondSectors = 4096;    // 2 MiB
    public const int FailingSectors = 2048;
    public const int HostTextSector = 1000;
    public const string HostText = "written-by-the-host";

    private readonly string _rules;
    private readonly string _failing;

    public TestDiskImages(string prefix)
    {
        Folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Data = Path.Combine(Folder, "data.img");
        var data = new byte[DataSectors * Sector];
        Encoding.ASCII.GetBytes(HostText).CopyTo(data, HostTextSector * Sector);
        File.WriteAllBytes(Data, data);
        Second = Path.Combine(Folder, "second.img");
        File.WriteAllBytes(Second, new byte[SecondSectors * Sector]);
        _failing = Path.Combine(Folder, "failing.img");
        File.WriteAllBytes(_failing, new byte[FailingSectors * Sector]);
        _rules = Path.Combine(Folder, "blkdebug.conf");
        File.WriteAllText(_rules, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"64\"\n");
    }

    public string Folder { get; }
    public string Data { get; }
    public string Second { get; }
    public string FailingFile => $"blkdebug:{_rules}:{_failing}";

    // `text` repeated over `sectors` sectors, as `blk write` fills them.
    public static string Pattern(string text, int sectors) =>
        string.Concat(Enumerable.Repeat(text, sectors * Sector / text.Length + 1))[..(sectors * Sector)];

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
