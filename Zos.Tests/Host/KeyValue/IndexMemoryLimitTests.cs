using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// A store whose index would not fit the memory it may take is refused with a
// sentence, at open and at a write, instead of the kernel's heap running out
// (a panic: the in-Zos benchmark's 1M keys did that on a 256 MiB machine).
public class IndexMemoryLimitTests
{
    private const int Keys = 2000;
    // 2000 keys of 9 bytes at 128 bytes of overhead each: about 267 KiB of index.
    private const long Roomy = 512 << 10, Tight = 128 << 10;

    private static byte[] Key(int n) => Encoding.ASCII.GetBytes($"key/{n:D5}");

    private static RecordingDisk Filled()
    {
        var disk = new RecordingDisk(512, 4096);
        KeyValueStore store = KeyValueStore.Format(disk, 0x1D, out string? error)!;
        Assert.That(error, Is.Null);
        for (int batchStart = 0; batchStart < Keys; batchStart += 100)
        {
            var batch = new WriteBatch();
            for (int n = batchStart; n < batchStart + 100; n++) batch.Put(Key(n), new byte[8]);
            Assert.That(store.Write(batch), Is.Null);
        }
        Assert.That(store.Close(), Is.Null);
        return disk;
    }

    [Test]
    public void AStoreWhoseIndexNeedsMoreThanTheLimitIsRefusedAtOpenSayingHowMuch()
    {
        RecordingDisk disk = Filled();

        Assert.That(KeyValueStore.Open(disk, readOnly: true, out string? error, indexLimit: Tight), Is.Null);
        Assert.That(error, Does.StartWith("sim0's store needs more memory for its index than it may take: ")
            .And.Contain(" KiB, the limit is 128 KiB (replay had reached sector "));
        Assert.That(KeyValueStore.Salvage(disk, out error, indexLimit: Tight), Is.Null, "salvaging too");
        Assert.That(error, Does.Contain("the limit is 128 KiB"));

        KeyValueStore store = KeyValueStore.Open(disk, readOnly: true, out error, indexLimit: Roomy)!;
        Assert.That(error, Is.Null);
        Assert.That(store.KeyCount, Is.EqualTo(Keys));
    }

    [Test]
    public void AWriteThatCouldTakeTheIndexPastTheLimitIsRefusedAndNothingIsLost()
    {
        RecordingDisk disk = Filled();
        long limit = (long)Keys * (9 + KeyIndex.NodeOverheadBytes) + 10;
        KeyValueStore store = KeyValueStore.Open(disk, readOnly: false, out string? error, indexLimit: limit)!;
        Assert.That(error, Is.Null);

        Assert.That(store.Put(Key(Keys), new byte[8]), Does.StartWith("sim0's store needs more memory for its index than it may take: 2000 keys take about ")
            .And.EndWith("; this batch could add 137 bytes"));
        Assert.That(store.Delete(Key(0), out bool existed), Is.Null, "a delete never grows the index");
        Assert.That(existed, Is.True);
        Assert.That(store.Put(Key(Keys), new byte[8]), Is.Null, "the deleted key made room");
        Assert.That(store.KeyCount, Is.EqualTo(Keys));
    }
}
