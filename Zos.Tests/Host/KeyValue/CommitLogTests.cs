using System.Security.Cryptography;
using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

public class CommitLogTests
{
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("log/");

    private static byte[] Payload(int n) => Encoding.ASCII.GetBytes($"entry {n}: " + new string('x', n % 37));
    private static byte[] KeyOf(ulong sequence) => Encoding.ASCII.GetBytes($"log/{sequence:X16}");

    private static (RecordingDisk Disk, KeyValueStore Store, CommitLog Log) WithRecords(int count)
    {
        var disk = new RecordingDisk(512, 2048);
        KeyValueStore store = KeyValueStore.Format(disk, 5, out _)!;
        CommitLog log = CommitLog.Open(store, Prefix, out string? error)!;
        Assert.That(error, Is.Null);
        for (int n = 1; n <= count; n++)
        {
            Assert.That(log.Append(Payload(n), out error), Is.EqualTo((ulong)n));
            Assert.That(error, Is.Null);
        }
        return (disk, store, log);
    }

    [Test]
    public void AppendedRecordsAreReplayedAfterTheStoreIsReopened()
    {
        var (disk, _, log) = WithRecords(50);
        KeyValueStore store = KeyValueStore.Open(new RecordingDisk(512, 2048, disk.DurableImage()), readOnly: false, out _)!;
        CommitLog replayed = CommitLog.Open(store, Prefix, out string? error)!;
        Assert.That(error, Is.Null);
        Assert.That(replayed.Count, Is.EqualTo(50UL));
        Assert.That(replayed.LastHash, Is.EqualTo(log.LastHash));
        Assert.That(replayed.Read(17, out byte[]? payload), Is.Null);
        Assert.That(payload, Is.EqualTo(Payload(17)));
        Assert.That(replayed.Append(Payload(51), out error), Is.EqualTo(51UL));
        Assert.That(replayed.Verify(out ulong records), Is.Null);
        Assert.That(records, Is.EqualTo(51UL));
    }

    // The chain as the host's own SHA-256 computes it: record 1 carries zeroes, each
    // later one the hash of the whole value before it, then its sequence.
    [Test]
    public void EachRecordCarriesTheSha256OfTheOneBefore()
    {
        var (_, store, log) = WithRecords(5);
        byte[] previous = new byte[32];
        for (ulong sequence = 1; sequence <= 5; sequence++)
        {
            Assert.That(store.Get(KeyOf(sequence), out byte[]? value), Is.Null);
            Assert.That(value![..32], Is.EqualTo(previous), $"record {sequence}");
            Assert.That(BitConverter.ToUInt64(value, 32), Is.EqualTo(sequence));
            Assert.That(value[40..], Is.EqualTo(Payload((int)sequence)));
            previous = SHA256.HashData(value);
        }
        Assert.That(log.LastHash, Is.EqualTo(previous));
    }

    [Test]
    public void AChangedRecordBreaksTheChainAtTheNextOne()
    {
        var (_, store, log) = WithRecords(50);
        Assert.That(store.Get(KeyOf(20), out byte[]? value), Is.Null);
        value![45] ^= 1; // in the payload: record 20 itself still links to record 19
        Assert.That(store.Put(KeyOf(20), value), Is.Null);
        const string Broken = "record 21 does not carry the hash of record 20: the chain breaks there";
        Assert.That(log.Verify(out ulong records), Is.EqualTo(Broken));
        Assert.That(records, Is.EqualTo(20UL), "the records before the break");
        Assert.That(CommitLog.Open(store, Prefix, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo(Broken));
    }

    [Test]
    public void AChangedLastRecordIsFoundByTheLogThatWroteIt()
    {
        var (_, store, log) = WithRecords(10);
        Assert.That(store.Get(KeyOf(10), out byte[]? value), Is.Null);
        value![^1] ^= 1;
        store.Put(KeyOf(10), value);
        Assert.That(log.Verify(out _), Is.EqualTo("record 10 changed since it was appended"));
    }

    [Test]
    public void AMissingRecordIsNamed()
    {
        var (_, store, log) = WithRecords(40);
        store.Delete(KeyOf(30), out _);
        Assert.That(log.Verify(out _), Is.EqualTo("record 30 is missing (the next key is log/000000000000001F)"));
        store.Delete(KeyOf(40), out _);
        store.Put(KeyOf(30), Array.Empty<byte>());
        Assert.That(log.Verify(out _), Is.EqualTo("record 30 is not a log record of that sequence"));
    }

    [Test]
    public void ALostTailIsNamedByTheLogThatWroteIt()
    {
        var (_, store, log) = WithRecords(12);
        store.Delete(KeyOf(12), out _);
        Assert.That(log.Verify(out ulong records), Is.EqualTo("record 12 is missing (the log had 12)"));
        Assert.That(records, Is.EqualTo(11UL));
    }

    [Test]
    public void DamageUnderARecordIsAnErrorNamingTheRecordAndTheSector()
    {
        var (disk, _, log) = WithRecords(8);
        // Record 3 is the third frame after the format's: sector 4, its payload from byte 64 + 12 + 20.
        disk.Damage(4, sector => sector[64 + 12 + 20 + 45] ^= 0x10);
        Assert.That(log.Verify(out _), Does.StartWith("record 3: the record of log/0000000000000003 (frame 3 at sector 4, byte 64) is damaged"));
    }
}
