using System.Text;
using Zos.Hal.Drivers;
using Zos.Kernel.Hashing;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// The log as a ring: compaction copies live records forward and moves the
// log start past what it cleaned (docs/storage.md, "Compaction"). Crash
// safety of the same code is CrashStateTests' cramped rig.
public class CompactionTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] ValueOf(int key, int round, int bytes) =>
        Enumerable.Range(0, bytes).Select(i => (byte)(key * 31 + round * 7 + i)).ToArray();

    private static (RecordingDisk Disk, KeyValueStore Store) Formatted(ulong sectors)
    {
        var disk = new RecordingDisk(512, sectors);
        KeyValueStore store = KeyValueStore.Format(disk, 0x17, out string? error)!;
        Assert.That(error, Is.Null);
        return (disk, store);
    }

    private static KeyValueStore Reopened(RecordingDisk disk)
    {
        KeyValueStore store = KeyValueStore.Open(new RecordingDisk(disk.SectorSize, disk.SectorCount, disk.DurableImage()), readOnly: true, out string? error)!;
        Assert.That(error, Is.Null);
        return store;
    }

    private static void AssertHolds(KeyValueStore store, StoreModel model)
    {
        Assert.That(model.DifferenceFrom(store), Is.Null);
    }

    [Test]
    public void CompactingAfterEveryKeyWasOverwrittenFiveTimesLeavesLittleMoreThanTheLiveRecords()
    {
        var (disk, store) = Formatted(8192);
        var model = new StoreModel();
        for (int round = 0; round < 6; round++)
            for (int key = 0; key < 100; key++)
            {
                byte[] name = Bytes("key/" + key), value = ValueOf(key, round, 300);
                Assert.That(store.Put(name, value), Is.Null);
                model.Put(name, value);
            }
        ulong before = store.LogSectorsUsed;

        Assert.That(store.Compact(), Is.Null);

        // 100 live records of 12 + 7 + 300 bytes: 63 sectors and a few frame headers.
        Assert.That(before, Is.GreaterThanOrEqualTo(600), "each put was a frame of its own");
        Assert.That(store.LogSectorsUsed, Is.InRange(62UL, 70UL));
        Assert.That((store.FramesCleaned, store.RecordsCopied), Is.EqualTo((600UL, 100UL)));
        AssertHolds(store, model);
        AssertHolds(Reopened(disk), model);
    }

    [Test]
    public void DeletedKeysStayDeletedWhenTheirTombstonesAreCleaned()
    {
        var (disk, store) = Formatted(1024);
        var model = new StoreModel();
        for (int key = 0; key < 20; key++)
        {
            Assert.That(store.Put(Bytes("k" + key), ValueOf(key, 0, 100)), Is.Null);
            model.Put(Bytes("k" + key), ValueOf(key, 0, 100));
        }
        for (int key = 0; key < 20; key += 2)
        {
            Assert.That(store.Delete(Bytes("k" + key), out bool existed), Is.Null);
            Assert.That(existed, Is.True);
            model.Delete(Bytes("k" + key));
        }

        Assert.That(store.Compact(), Is.Null);

        Assert.That(store.LogStartSequence, Is.EqualTo(31UL), "30 frames cleaned: the log starts with their copy");
        AssertHolds(store, model);
        AssertHolds(Reopened(disk), model);
        Assert.That(store.Put(Bytes("k0"), Bytes("back")), Is.Null);
        model.Put(Bytes("k0"), Bytes("back"));
        AssertHolds(Reopened(disk), model);
    }

    [Test]
    public void ALogThatGoesRoundASmallDiskManyTimesKeepsEveryLiveKey()
    {
        var (disk, store) = Formatted(64);
        var model = new StoreModel();
        var random = new Random(64);
        for (int put = 0; put < 2000; put++)
        {
            int key = random.Next(12);
            byte[] value = ValueOf(key, put, random.Next(1, 400));
            Assert.That(store.Put(Bytes("key/" + key), value), Is.Null, $"put {put}");
            model.Put(Bytes("key/" + key), value);
        }

        Assert.That(store.FramesCleaned, Is.GreaterThan(1900));
        Assert.That(store.LogSectorsUsed, Is.LessThan(store.LogSectors));
        AssertHolds(store, model);
        KeyValueStore reopened = Reopened(disk);
        AssertHolds(reopened, model);
        Assert.That(reopened.LogStart, Is.EqualTo(store.LogStart), "replay begins where the superblock says");
    }

    [Test]
    public void MoreLiveDataThanTheDiskHoldsIsRefusedAsFullAndLosesNothing()
    {
        var (disk, store) = Formatted(64);
        var model = new StoreModel();
        string? error = null;
        int key;
        for (key = 0; key < 200 && error is null; key++)
        {
            error = store.Put(Bytes("key/" + key), ValueOf(key, 0, 400));
            if (error is null) model.Put(Bytes("key/" + key), ValueOf(key, 0, 400));
        }

        Assert.That(error, Does.StartWith("sim0's store is full: "));
        Assert.That(model.Count, Is.InRange(40, 62), "the log's 62 sectors less the compaction reserve");
        AssertHolds(store, model);
        AssertHolds(Reopened(disk), model);
        for (key = 0; key < 2; key++)
        {
            Assert.That(store.Delete(Bytes("key/" + key), out _), Is.Null, $"delete {key}: deletes may use half the compaction reserve");
            model.Delete(Bytes("key/" + key));
        }
        Assert.That(store.Compact(), Is.Null);
        Assert.That(store.Put(Bytes("new"), ValueOf(1, 1, 400)), Is.Null, "the deleted keys' space was reclaimed");
        model.Put(Bytes("new"), ValueOf(1, 1, 400));
        AssertHolds(Reopened(disk), model);
    }

    [Test]
    public void AStoreWrittenBeforeCompactionExistedOpensAndIsCompacted()
    {
        var (disk, store) = Formatted(256);
        var model = new StoreModel();
        for (int put = 0; put < 30; put++)
        {
            Assert.That(store.Put(Bytes("key/" + put % 5), ValueOf(put, 0, 200)), Is.Null);
            model.Put(Bytes("key/" + put % 5), ValueOf(put, 0, 200));
        }
        Assert.That(store.Close(), Is.Null);
        // Format version 1: no log start fields (bytes 64..83 zero), CRC-32C over bytes 8..127.
        foreach (ulong copy in new ulong[] { 0, 1 })
            disk.Damage(copy, sector =>
            {
                LittleEndian.Put16(sector, 8, 1);
                sector.Slice(64, 20).Clear();
                LittleEndian.Put32(sector, 4, Crc32C.Of(sector.Slice(8, 120)));
            });

        KeyValueStore old = KeyValueStore.Open(disk, readOnly: false, out string? error)!;

        Assert.That(error, Is.Null);
        AssertHolds(old, model);
        Assert.That(old.Compact(), Is.Null);
        Assert.That(old.LogStartSequence, Is.EqualTo(31UL), "30 frames cleaned: the log starts with their copy");
        AssertHolds(Reopened(disk), model);
    }
}
