using System.Text;
using Zos.Build;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// `zos kv format|dump|check` on image files: the store's own code over
// ImageFileStorage, what each prints, damage and a broken commit log found
// with exit code 1, the image never written by dump or check.
public class KeyValueToolTests
{
    private string _folder = null!;
    private string _image = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("zos-kv-tool-").FullName;
        _image = Path.Combine(_folder, "disk.img");
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static (int Code, string Output, string Errors) Zos(params string[] arguments)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = KeyValueTool.Run(arguments, output, errors);
        return (code, output.ToString().Replace("\r", ""), errors.ToString().Replace("\r", ""));
    }

    // The image's store, writable, for the test to fill as Zos would.
    private (ImageFileStorage Image, KeyValueStore Store) Opened()
    {
        ImageFileStorage image = ImageFileStorage.Open(_image, writable: true, out string? error)!;
        Assert.That(error, Is.Null);
        KeyValueStore store = KeyValueStore.Open(image, readOnly: false, out error)!;
        Assert.That(error, Is.Null);
        return (image, store);
    }

    private void Filled(params (string Key, string Value)[] entries)
    {
        Assert.That(Zos("format", _image, "1").Code, Is.Zero);
        var (image, store) = Opened();
        using (image)
        {
            foreach (var (key, value) in entries) Assert.That(store.Put(Bytes(key), Bytes(value)), Is.Null);
            Assert.That(store.Close(), Is.Null);
        }
    }

    [Test]
    public void FormatCreatesAnImageWithAnEmptyStoreTheStoreCodeOpens()
    {
        var (code, output, _) = Zos("format", _image, "2");
        Assert.That(code, Is.Zero);
        Assert.That(new FileInfo(_image).Length, Is.EqualTo(2 << 20));
        Assert.That(output, Does.Match(@"^formatted: disk\.img store=[0-9A-F]{16} sectors=4096 log_sectors=4094\n$"));
        var (image, store) = Opened();
        using (image) Assert.That(store.KeyCount, Is.Zero);
    }

    [Test]
    public void DumpListsEveryKeyWithItsValueInKeyOrderAndTheCommitLog()
    {
        Filled(("zebra", "stripes"), ("apple", "red\\green"), ("mango", "ripe"));
        var (code, output, errors) = Zos("dump", _image);
        Assert.That((code, errors), Is.EqualTo((0, "")));
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.Match("^store: [0-9A-F]{16}$"));
        Assert.That(lines[1..], Is.EqualTo(new[]
        {
            "device: disk.img sectors=2048 sector_size=512", "frames: 3", "records: 3", "replay_stop: no frame at sector 5",
            "log_sectors: 3/2046", "keys: 3", "apple = red\\x5Cgreen", "mango = ripe", "zebra = stripes", "commit_log: 0 records",
        }));
    }

    [Test]
    public void CheckOfASoundStoreSaysOkAndExitsZero()
    {
        Filled(("a", "1"), ("b", "22"));
        var (code, output, errors) = Zos("check", _image);
        Assert.That((code, errors), Is.EqualTo((0, "")));
        Assert.That(output, Does.Match(
            @"^check: disk\.img store=[0-9A-F]{16} keys=2 value_bytes=3 damaged=0 frames=2 records=2 log_sectors=2/2046 commit_log=0\ncheck: ok\n$"));
    }

    // A flipped bit in b's value, in the closed store's second frame (sector 3).
    [Test]
    public void CheckNamesDamageInTheStoresWordsAndExitsOne()
    {
        Filled(("a", "1"), ("b", "2"), ("c", "3"));
        using (var file = new FileStream(_image, FileMode.Open))
        {
            file.Position = 3 * 512 + 77;
            int value = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(value ^ 0x10));
        }
        var (code, output, errors) = Zos("check", _image);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty, "the store does not open");
        Assert.That(errors, Is.EqualTo("zos: error: the log breaks at sector 3 (frame 2 at sector 3: record 0 at byte 64: checksum mismatch) "
            + "before its known end at sector 5: acknowledged data is damaged\n"));
        Assert.That(Zos("dump", _image), Is.EqualTo((1, "", errors)));
    }

    [Test]
    public void CheckNamesTheFirstBrokenLinkOfTheCommitLog()
    {
        Assert.That(Zos("format", _image, "1").Code, Is.Zero);
        var (image, store) = Opened();
        using (image)
        {
            CommitLog log = CommitLog.OpenStandard(store, out _)!;
            for (int n = 1; n <= 4; n++) log.Append(Bytes($"record {n}"), out _);
            byte[] key = Bytes(CommitLog.StandardPrefix + "0000000000000002");
            store.Get(key, out byte[]? value);
            value![^1] ^= 1;
            Assert.That(store.Put(key, value), Is.Null);
        }
        var (code, output, errors) = Zos("check", _image);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.EndWith(" commit_log=broken\n"));
        Assert.That(errors, Is.EqualTo("zos: error: the commit log breaks: record 3 does not carry the hash of record 2: the chain breaks there\n"));
        Assert.That(Zos("dump", _image).Output, Does.EndWith(
            "commit_log: broken: record 3 does not carry the hash of record 2: the chain breaks there\n"));
    }

    [Test]
    public void DumpAndCheckNeverWriteTheImage()
    {
        Filled(("a", "1"));
        // Not closed: a writable open would record a new epoch in a superblock.
        var (image, store) = Opened();
        using (image) store.Put(Bytes("b"), Bytes("2"));
        byte[] before = File.ReadAllBytes(_image);
        Zos("dump", _image);
        Zos("check", _image);
        Assert.That(File.ReadAllBytes(_image), Is.EqualTo(before));
    }

    [Test]
    public void FormatOverAStoreMakesANewOneWithAnotherId()
    {
        Filled(("old", "1"));
        string first = Zos("dump", _image).Output.Split('\n')[0];
        Assert.That(Zos("format", _image).Code, Is.Zero);
        var (_, output, _) = Zos("dump", _image);
        Assert.That(output.Split('\n')[0], Is.Not.EqualTo(first));
        Assert.That(output, Does.Contain("\nkeys: 0\n"));
    }

    [Test]
    public void CompactCleansTheLogAndTheStoreOpensWithTheSameKeys()
    {
        Filled(("a", "1"), ("b", "2"), ("a", "3"), ("b", "4"));
        var (code, output, errors) = Zos("compact", _image);
        Assert.That((code, errors), Is.EqualTo((0, "")));
        Assert.That(output, Is.EqualTo("compacted: disk.img log_sectors=4->1 frames_cleaned=4 records_copied=2\n"));
        Assert.That(Zos("dump", _image).Output, Does.Contain("keys: 2\na = 3\nb = 4\n"));
    }

    [Test]
    public void RepairDropsWhatFollowsTheDamageAndTheImageChecksClean()
    {
        Filled(("a", "1"), ("b", "2"), ("c", "3"));
        using (var file = new FileStream(_image, FileMode.Open))
        {
            file.Position = 3 * 512 + 77;   // b's value, in the second frame
            int value = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(value ^ 0x10));
        }
        var (code, output, errors) = Zos("repair", _image);
        Assert.That((code, errors), Is.EqualTo((0, "")));
        Assert.That(output, Does.StartWith("repaired: disk.img the log now ends at sector 3 before frame 2; dropped: the log breaks at sector 3 (")
            .And.EndWith("; frames cleared: 1 keys=1\n"));
        Assert.That(Zos("check", _image).Code, Is.Zero);
        Assert.That(Zos("repair", _image).Output, Is.EqualTo("repaired: disk.img nothing was damaged keys=1\n"));
    }

    [TestCase]
    [TestCase("frob", "disk.img")]
    [TestCase("compact")]
    [TestCase("repair", "a.img", "b.img")]
    [TestCase("dump")]
    [TestCase("check", "a.img", "b.img")]
    [TestCase("format", "disk.img", "1", "2")]
    public void AMalformedCommandPrintsTheUsageAndExitsTwo(params string[] arguments)
    {
        Assert.That(Zos(arguments), Is.EqualTo((2, "", $"zos: usage: {KeyValueTool.Usage}\n")));
    }

    [Test]
    public void AMissingImageOrABadSizeIsNamed()
    {
        var (code, _, errors) = Zos("check", _image);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.StartWith($"zos: error: cannot open {_image}: "));
        Assert.That(Zos("format", _image, "lots"), Is.EqualTo((2, "", "zos: error: 'lots' is not a size in MiB\n")));
        Assert.That(File.Exists(_image), Is.False);
    }

    [Test]
    public void TheImageRefusesSectorsPastItsEnd()
    {
        File.WriteAllBytes(_image, new byte[4 * 512 + 100]);
        using ImageFileStorage image = ImageFileStorage.Open(_image, writable: true, out _)!;
        Assert.That(image.SectorCount, Is.EqualTo(4UL), "the part sector at the end is not used");
        var buffer = new byte[2 * 512];
        Assert.That(image.Read(3, 2, buffer, 0), Is.EqualTo("sectors 3+2 are beyond disk.img's 4 sectors"));
        Assert.That(image.Write(ulong.MaxValue, 1, buffer, 0), Is.EqualTo($"sectors {ulong.MaxValue}+1 are beyond disk.img's 4 sectors"));
        Assert.That(image.Write(2, 2, buffer, 0), Is.Null);
        Assert.That(image.Flush(), Is.Null);
    }
}
