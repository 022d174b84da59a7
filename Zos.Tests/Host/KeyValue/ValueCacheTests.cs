using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// The store's value cache: values written or read are kept beside the index
// while they fit its limit, so that a Get of them reads no sector.
public class ValueCacheTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static (RecordingDisk Disk, KeyValueStore Store) Formatted(long limit)
    {
        var disk = new RecordingDisk(512, 1024);
        KeyValueStore store = KeyValueStore.Format(disk, 0x22, out string? error)!;
        Assert.That(error, Is.Null);
        store.ValueCacheLimitBytes = limit;
        return (disk, store);
    }

    [Test]
    public void ValuesAreCachedWhileTheyFitAndLeaveWhenOverwrittenOrDeleted()
    {
        var (_, store) = Formatted(limit: 250);
        foreach (string key in new[] { "a", "b", "c" }) Assert.That(store.Put(Bytes(key), new byte[100]), Is.Null);
        Assert.That(store.ValueCacheBytes, Is.EqualTo(200), "the third did not fit");

        Assert.That(store.Put(Bytes("a"), new byte[30]), Is.Null);
        Assert.That(store.ValueCacheBytes, Is.EqualTo(130), "the overwritten value left, the new one came in");
        Assert.That(store.Delete(Bytes("b"), out _), Is.Null);
        Assert.That(store.ValueCacheBytes, Is.EqualTo(30));
        Assert.That(store.Get(Bytes("c"), out byte[]? c), Is.Null);
        Assert.That((c!.Length, store.ValueCacheBytes), Is.EqualTo((100, 130)), "a value read from the device is cached when it fits");
    }

    [Test]
    public void ACachedGetReadsNoSectorAndAnUncachedOneDoes()
    {
        var (disk, store) = Formatted(limit: 100);
        Assert.That(store.Put(Bytes("small"), new byte[60]), Is.Null);
        Assert.That(store.Put(Bytes("large"), new byte[200]), Is.Null);
        int reads = disk.Reads;

        Assert.That(store.Get(Bytes("small"), out _), Is.Null);
        Assert.That(disk.Reads, Is.EqualTo(reads), "cached");
        Assert.That(store.Get(Bytes("large"), out _), Is.Null);
        Assert.That(disk.Reads, Is.EqualTo(reads + 1), "over the limit: read from the device");
    }

    [Test]
    public void TheCallerGetsACopyThatItMayChange()
    {
        var (_, store) = Formatted(limit: 1000);
        byte[] written = Bytes("value");
        Assert.That(store.Put(Bytes("k"), written), Is.Null);
        written[0] = (byte)'X';
        Assert.That(store.Get(Bytes("k"), out byte[]? first), Is.Null);
        first![1] = (byte)'Y';
        Assert.That(store.Get(Bytes("k"), out byte[]? second), Is.Null);
        Assert.That(second, Is.EqualTo(Bytes("value")));
    }

    [Test]
    public void CompactionMovesRecordsWithoutLosingOrDoublingTheirCachedValues()
    {
        var (_, store) = Formatted(limit: 1 << 20);
        for (int round = 0; round < 3; round++)
            for (int key = 0; key < 10; key++)
                Assert.That(store.Put(Bytes("k" + key), Enumerable.Repeat((byte)(round + key), 50).ToArray()), Is.Null);
        Assert.That(store.ValueCacheBytes, Is.EqualTo(500));

        Assert.That(store.Compact(), Is.Null);

        Assert.That(store.ValueCacheBytes, Is.EqualTo(500));
        for (int key = 0; key < 10; key++)
        {
            Assert.That(store.GetFromDevice(Bytes("k" + key), out byte[]? fromDevice), Is.Null);
            Assert.That(store.Get(Bytes("k" + key), out byte[]? cached), Is.Null);
            Assert.That(cached, Is.EqualTo(fromDevice).And.EqualTo(Enumerable.Repeat((byte)(2 + key), 50).ToArray()));
        }
    }
}
