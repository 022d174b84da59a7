using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// A damaged store that Open refuses: Salvage opens it read-only as it stood
// just before the damage, and Repair makes that state the store again, saying
// what it dropped, so that it opens and takes writes.
public class SalvageAndRepairTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    // Ten puts, one frame each, at sectors 2..11 (k0 at 2, k4 at 6); k4's value damaged.
    private static RecordingDisk DamagedInTheMiddle(bool close)
    {
        var disk = new RecordingDisk(512, 256);
        KeyValueStore store = KeyValueStore.Format(disk, 0x5A, out _)!;
        for (int key = 0; key < 10; key++) Assert.That(store.Put(Bytes("k" + key), Bytes("value " + key)), Is.Null);
        if (close) Assert.That(store.Close(), Is.Null);
        // The record starts at byte 64 of the frame: 12 bytes of header, the 2-byte key, then the value.
        disk.Damage(6, sector => sector[64 + 12 + 2 + 3] ^= 0x01);
        Assert.That(KeyValueStore.Open(disk, readOnly: true, out string? refused), Is.Null);
        Assert.That(refused, Does.Contain("acknowledged data is damaged"));
        return disk;
    }

    private static void AssertHoldsTheFirst(KeyValueStore store, int keys)
    {
        Assert.That(store.KeyCount, Is.EqualTo(keys));
        for (int key = 0; key < keys; key++)
        {
            Assert.That(store.Get(Bytes("k" + key), out byte[]? value), Is.Null);
            Assert.That(value, Is.EqualTo(Bytes("value " + key)), "k" + key);
        }
    }

    [Test]
    public void SalvageOpensReadOnlyAsTheStoreStoodBeforeTheDamageAndSaysWhere()
    {
        RecordingDisk disk = DamagedInTheMiddle(close: false);

        KeyValueStore salvaged = KeyValueStore.Salvage(disk, out string? error)!;

        Assert.That(error, Is.Null);
        Assert.That(salvaged.Damage, Is.EqualTo("the log breaks at sector 6 (frame 5 at sector 6: record 0 at byte 64: checksum mismatch) "
            + "but 5 later frames follow from sector 7: acknowledged data is damaged"));
        AssertHoldsTheFirst(salvaged, 4);
        Assert.That(salvaged.Put(Bytes("k4"), Bytes("x")), Is.EqualTo("sim0's store is open read-only"));
        Assert.That(disk.Writes, Is.EqualTo(12), "salvaging wrote nothing (the format's superblocks and ten frames)");
    }

    [Test]
    public void SalvagingAStoreWithoutDamageIsAnOrdinaryReadOnlyOpen()
    {
        var disk = new RecordingDisk(512, 64);
        KeyValueStore store = KeyValueStore.Format(disk, 0x5B, out _)!;
        Assert.That(store.Put(Bytes("k0"), Bytes("value 0")), Is.Null);

        KeyValueStore salvaged = KeyValueStore.Salvage(disk, out string? error)!;

        Assert.That((error, salvaged.Damage, salvaged.ReadOnly), Is.EqualTo(((string?)null, (string?)null, true)));
        AssertHoldsTheFirst(salvaged, 1);
        Assert.That(KeyValueStore.Salvage(new RecordingDisk(512, 64), out error), Is.Null);
        Assert.That(error, Does.StartWith("sim0 holds no store"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void RepairDropsWhatFollowsTheDamageReportsItAndTheStoreOpensAndTakesWritesAgain(bool closed)
    {
        RecordingDisk disk = DamagedInTheMiddle(closed);

        KeyValueStore repaired = KeyValueStore.Repair(disk, out string? report, out string? error)!;

        Assert.That(error, Is.Null);
        Assert.That(report, Does.StartWith("the log now ends at sector 6 before frame 5; dropped: the log breaks at sector 6 (")
            .And.EndWith("; frames cleared: 5"));
        AssertHoldsTheFirst(repaired, 4);
        Assert.That(repaired.Put(Bytes("k4"), Bytes("value 4")), Is.Null);
        Assert.That(repaired.Close(), Is.Null);

        KeyValueStore reopened = KeyValueStore.Open(disk, readOnly: true, out error)!;
        Assert.That(error, Is.Null, "no damage is found again");
        AssertHoldsTheFirst(reopened, 5);
    }

    [Test]
    public void RepairingAStoreWithoutDamageChangesNothingAndOpensIt()
    {
        var disk = new RecordingDisk(512, 64);
        KeyValueStore.Format(disk, 0x5C, out _)!.Put(Bytes("k0"), Bytes("value 0"));

        KeyValueStore store = KeyValueStore.Repair(disk, out string? report, out string? error)!;

        Assert.That((report, error, store.ReadOnly), Is.EqualTo(((string?)null, (string?)null, false)));
        AssertHoldsTheFirst(store, 1);
    }
}
