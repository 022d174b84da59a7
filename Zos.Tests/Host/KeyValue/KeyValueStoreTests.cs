using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

public class KeyValueStoreTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static (RecordingDisk Disk, KeyValueStore Store) Formatted(ulong sectors = 4096)
    {
        var disk = new RecordingDisk(512, sectors);
        KeyValueStore store = KeyValueStore.Format(disk, 0x15, out string? error)!;
        Assert.That(error, Is.Null);
        return (disk, store);
    }

    private static KeyValueStore Reopened(RecordingDisk disk, bool readOnly = false)
    {
        KeyValueStore store = KeyValueStore.Open(new RecordingDisk(disk.SectorSize, disk.SectorCount, disk.DurableImage()), readOnly, out string? error)!;
        Assert.That(error, Is.Null);
        return store;
    }

    private static byte[]? Get(KeyValueStore store, string key)
    {
        Assert.That(store.Get(Bytes(key), out byte[]? value), Is.Null);
        return value;
    }

    [Test]
    public void PutThenGetReturnsTheLastValueAndAnAbsentKeyGetsNull()
    {
        var (_, store) = Formatted();
        Assert.That(store.Put(Bytes("a"), Bytes("one")), Is.Null);
        Assert.That(store.Put(Bytes("a"), Bytes("two")), Is.Null);
        Assert.That(Get(store, "a"), Is.EqualTo(Bytes("two")));
        Assert.That(Get(store, "b"), Is.Null);
        Assert.That(store.Put(Bytes("empty"), Array.Empty<byte>()), Is.Null);
        Assert.That(Get(store, "empty"), Is.Empty, "an empty value is a value, not an absent key");
    }

    [Test]
    public void AnAcknowledgedPutIsInTheDurableImage()
    {
        var (disk, store) = Formatted();
        Assert.That(store.Put(Bytes("k"), Bytes("durable")), Is.Null);
        Assert.That(disk.Unflushed(), Is.Empty, "nothing acknowledged waits for a flush");
        Assert.That(Get(Reopened(disk), "k"), Is.EqualTo(Bytes("durable")));
    }

    [Test]
    public void DeleteSaysWhetherTheKeyExisted()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("k"), Bytes("v"));
        Assert.That(store.Delete(Bytes("k"), out bool existed), Is.Null);
        Assert.That(existed, Is.True);
        Assert.That(store.Delete(Bytes("k"), out existed), Is.Null);
        Assert.That(existed, Is.False);
        Assert.That(Get(Reopened(disk), "k"), Is.Null, "the delete is replayed");
    }

    [Test]
    public void ListGivesThePrefixsKeysInUnsignedByteOrder()
    {
        var (disk, store) = Formatted();
        byte[][] keys = { Bytes("b"), Bytes("ab"), Bytes("a"), new byte[] { (byte)'a', 0x80 }, new byte[] { (byte)'a', 0x7F }, Bytes("c/1") };
        foreach (byte[] key in keys) Assert.That(store.Put(key, Bytes("v")), Is.Null);
        byte[][] expected = { Bytes("a"), Bytes("ab"), new byte[] { (byte)'a', 0x7F }, new byte[] { (byte)'a', 0x80 } };
        Assert.That(store.List(Bytes("a")), Is.EqualTo(expected));
        Assert.That(Reopened(disk).List(Bytes("a")), Is.EqualTo(expected));
        Assert.That(store.List(Array.Empty<byte>()), Has.Length.EqualTo(6));
        Assert.That(store.List(Bytes("d")), Is.Empty);
    }

    [Test]
    public void ABatchAppliesInOrderAndSaysWhatExisted()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("old"), Bytes("1"));
        var batch = new WriteBatch();
        batch.Put(Bytes("new"), Bytes("2"));
        batch.Delete(Bytes("old"));
        batch.Delete(Bytes("new"));
        batch.Put(Bytes("new"), Bytes("3"));
        Assert.That(store.Write(batch), Is.Null);
        Assert.That(Enumerable.Range(0, 4).Select(batch.Existed), Is.EqualTo(new[] { false, true, true, false }));
        foreach (KeyValueStore view in new[] { store, Reopened(disk) })
        {
            Assert.That(Get(view, "old"), Is.Null);
            Assert.That(Get(view, "new"), Is.EqualTo(Bytes("3")));
        }
        Assert.That(store.FramesWritten, Is.EqualTo(2UL), "one frame per batch");
    }

    [Test]
    public void KeysOverOneKibibyteAndValuesOverSixteenMebibytesAreRefused()
    {
        var (_, store) = Formatted();
        Assert.That(store.Put(new byte[1024], Bytes("v")), Is.Null);
        Assert.That(store.Put(new byte[1025], Bytes("v")), Does.Contain("more than 1024"));
        Assert.That(store.Put(Bytes("k"), new byte[(16 << 20) + 1]), Does.Contain("more than 16777216"));
        Assert.That(store.Write(new WriteBatch()), Is.EqualTo("the batch is empty"));
    }

    [Test]
    public void ASixteenMebibyteValueRoundTripsThroughReplay()
    {
        var (disk, store) = Formatted(sectors: 40_000);
        var value = new byte[16 << 20];
        new Random(16).NextBytes(value);
        Assert.That(store.Put(Bytes("big"), value), Is.Null);
        Assert.That(store.Put(Bytes("after"), Bytes("small")), Is.Null);
        KeyValueStore reopened = Reopened(disk);
        Assert.That(Get(reopened, "big"), Is.EqualTo(value));
        Assert.That(Get(reopened, "after"), Is.EqualTo(Bytes("small")));
    }

    [Test]
    public void AFullStoreRefusesTheWriteButKeepsWorking()
    {
        var (disk, store) = Formatted(sectors: 16);
        int written = 0;
        string? error;
        while ((error = store.Put(Bytes("k" + written), new byte[400])) is null) written++;
        Assert.That(error, Does.Contain("full"));
        // One frame a sector in the 14 from sector 2 to 15, less the compaction reserve (an eighth) and
        // the sector kept between the newest frame and the log start.
        Assert.That(written, Is.EqualTo(12));
        Assert.That(Get(store, "k11"), Has.Length.EqualTo(400));
        Assert.That(store.Put(Bytes("k0"), new byte[400]), Does.Contain("full"), "an overwrite needs a frame too");
        // Deletes may use half the reserve, and compaction gives back the deleted records' sectors.
        for (int key = 0; key < 4; key++) Assert.That(store.Delete(Bytes("k" + key), out _), Is.Null, $"delete k{key}");
        Assert.That(store.Put(Bytes("new"), new byte[400]), Is.Null, "room again");
        Assert.That(Reopened(disk).KeyCount, Is.EqualTo(9));
    }

    [Test]
    public void AFailedFlushStopsWritesUntilReopenedAndReadsGoOn()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("before"), Bytes("1"));
        disk.FailNextFlush = "the device reported an I/O error";
        Assert.That(store.Put(Bytes("lost"), Bytes("2")), Does.Contain("the device reported an I/O error").And.Contain("frame 2"));
        Assert.That(store.Put(Bytes("after"), Bytes("3")), Does.StartWith("the store stopped writing after an error"));
        Assert.That(Get(store, "before"), Is.EqualTo(Bytes("1")));
        Assert.That(Get(store, "lost"), Is.Null, "an unacknowledged put is not visible");
        KeyValueStore reopened = KeyValueStore.Open(disk, readOnly: false, out string? error)!;
        Assert.That(error, Is.Null);
        Assert.That(reopened.Put(Bytes("after"), Bytes("3")), Is.Null);
    }

    [Test]
    public void AFailedWriteStopsWrites()
    {
        var (disk, store) = Formatted();
        disk.FailNextWrite = "timed out";
        Assert.That(store.Put(Bytes("k"), Bytes("v")), Does.Contain("timed out"));
        Assert.That(store.Put(Bytes("k"), Bytes("v")), Does.StartWith("the store stopped writing"));
    }

    [Test]
    public void AReadOnlyOpenWritesNothingAndRefusesWrites()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("k"), Bytes("v"));
        int writes = disk.Writes;
        KeyValueStore readOnly = KeyValueStore.Open(disk, readOnly: true, out string? error)!;
        Assert.That(error, Is.Null);
        Assert.That(readOnly.Put(Bytes("k"), Bytes("w")), Does.Contain("read-only"));
        Assert.That(Get(readOnly, "k"), Is.EqualTo(Bytes("v")));
        Assert.That(disk.Writes, Is.EqualTo(writes));
    }

    [Test]
    public void AClosedStoreRefusesWritesAndReopensWithEverything()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("k"), Bytes("v"));
        Assert.That(store.Close(), Is.Null);
        Assert.That(store.Put(Bytes("k"), Bytes("w")), Does.Contain("closed"));
        KeyValueStore reopened = Reopened(disk);
        Assert.That(Get(reopened, "k"), Is.EqualTo(Bytes("v")));
        Assert.That(reopened.Put(Bytes("k"), Bytes("w")), Is.Null, "and takes writes again");
    }

    [Test]
    public void EachWritableOpenWritesTheOtherSuperblockCopy()
    {
        var (disk, _) = Formatted();
        byte[] first = disk.DurableImage();
        Reopened(disk);
        KeyValueStore.Open(disk, readOnly: false, out _);
        byte[] second = disk.DurableImage();
        KeyValueStore.Open(disk, readOnly: false, out _);
        byte[] third = disk.DurableImage();
        bool SectorDiffers(byte[] a, byte[] b, int sector) => !a.AsSpan(sector * 512, 512).SequenceEqual(b.AsSpan(sector * 512, 512));
        Assert.That((SectorDiffers(first, second, 0), SectorDiffers(first, second, 1)), Is.EqualTo((false, true)).Or.EqualTo((true, false)));
        Assert.That(SectorDiffers(second, third, 0), Is.Not.EqualTo(SectorDiffers(first, second, 0)), "the next open writes the other copy");
    }

    [Test]
    public void ANonStoreDeviceIsRefusedWithBothSuperblocksReasons()
    {
        var disk = new RecordingDisk(512, 64);
        Assert.That(KeyValueStore.Open(disk, readOnly: false, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo("sim0 holds no store: sector 0: no superblock (magic); sector 1: no superblock (magic)"));
    }

    [Test]
    public void ReformattingForgetsTheEarlierStoresFrames()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("old"), Bytes("1"));
        KeyValueStore fresh = KeyValueStore.Format(disk, 0x16, out string? error)!;
        Assert.That(error, Is.Null);
        Assert.That(fresh.KeyCount, Is.Zero);
        Assert.That(Reopened(disk).KeyCount, Is.Zero);
    }

    [Test]
    public void FormattingAgainWithTheSameStoreIdIsRefused()
    {
        var (disk, store) = Formatted();
        store.Put(Bytes("old"), Bytes("1"));
        Assert.That(KeyValueStore.Format(disk, 0x15, out string? error), Is.Null);
        Assert.That(error, Does.Contain("already holds store 0000000000000015"));
        Assert.That(Get(Reopened(disk), "old"), Is.EqualTo(Bytes("1")));
    }
}
