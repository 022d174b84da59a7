using System.Text;
using Zos.Kernel.KeyValue;
using Zos.Shell.Commands;
using Zos.Shell.Tools;

namespace Zos.Tests.Host.KeyValue;

// The shell's log command: appends in the open store, replay when the store
// is opened again, and a record changed on the disk named by `log verify`.
public class LogCommandTests
{
    private static readonly string Usage = new LogCommand(new KeyValueSession(null!, null!, null!)).Usage;

    private static string Error(string message) => $"error: {message} (usage: {Usage})";

    private static KeyValueShell WithRecords(int count)
    {
        var shell = new KeyValueShell();
        shell.Run("kv format sim0");
        for (int n = 1; n <= count; n++) Assert.That(shell.Run($"log append entry number {n}"), Is.EqualTo($"appended: record {n}"));
        return shell;
    }

    [Test]
    public void AppendedRecordsAreShownVerifiedAndReplayedAfterReopening()
    {
        var shell = WithRecords(12);
        Assert.That(shell.Run("log show 3"), Is.EqualTo("record 10: entry number 10\nrecord 11: entry number 11\nrecord 12: entry number 12\nrecords: 12"));
        Assert.That(shell.Run("log verify"), Is.EqualTo("verified: 12 records"));
        shell.Run("kv close");
        Assert.That(shell.Run("kv open sim0"), Does.EndWith("\nlog: 12 records"));
        Assert.That(shell.Run("log append after reopening"), Is.EqualTo("appended: record 13"));
        Assert.That(shell.Run("log show"), Does.StartWith("record 4: entry number 4\n").And.EndWith("record 13: after reopening\nrecords: 13"));
        Assert.That(shell.Run("log verify"), Is.EqualTo("verified: 13 records"));
    }

    // The records live in the store under their own prefix, beside other keys.
    [Test]
    public void RecordsAreKeysUnderTheStandardPrefix()
    {
        var shell = WithRecords(2);
        shell.Run("kv put other 1");
        Assert.That(shell.Run("kv list " + CommitLog.StandardPrefix), Is.EqualTo(
            $"key: {CommitLog.StandardPrefix}0000000000000001\nkey: {CommitLog.StandardPrefix}0000000000000002\nkeys: 2"));
        Assert.That(shell.Run("log verify"), Is.EqualTo("verified: 2 records"));
    }

    // Record 2 rewritten on the disk (a put of the same store, as the host tool
    // could): when the store opens again, the chain breaks at record 3, and every
    // log operation says so rather than append to a broken chain.
    [Test]
    public void ARecordChangedOnTheDiskIsNamedByVerifyAfterReopening()
    {
        var shell = WithRecords(4);
        shell.Run("kv close");
        KeyValueStore store = KeyValueStore.Open(shell.Disk, readOnly: false, out _)!;
        byte[] key = Encoding.ASCII.GetBytes(CommitLog.StandardPrefix + "0000000000000002");
        Assert.That(store.Get(key, out byte[]? value), Is.Null);
        value![^1] ^= 1;
        Assert.That(store.Put(key, value), Is.Null);
        Assert.That(store.Close(), Is.Null);

        const string Broken = "the commit log breaks: record 3 does not carry the hash of record 2: the chain breaks there";
        Assert.That(shell.Run("kv open sim0"), Does.EndWith("\nlog: record 3 does not carry the hash of record 2: the chain breaks there"));
        Assert.That(shell.Run("log verify"), Is.EqualTo(Error(Broken)));
        Assert.That(shell.Run("log append more"), Is.EqualTo(Error(Broken)));
        Assert.That(shell.Run("log show"), Is.EqualTo(Error(Broken)));
    }

    [Test]
    public void VerifyFindsARecordChangedUnderTheOpenLog()
    {
        var shell = WithRecords(3);
        byte[] key = Encoding.ASCII.GetBytes(CommitLog.StandardPrefix + "0000000000000003");
        Assert.That(shell.Session.Store!.Get(key, out byte[]? value), Is.Null);
        value![^1] ^= 1;
        Assert.That(shell.Session.Store.Put(key, value), Is.Null);
        Assert.That(shell.Run("log verify"), Is.EqualTo(Error("the commit log breaks: record 3 changed since it was appended")));
    }

    [TestCase("log", "log needs an operation")]
    [TestCase("log frob", "unknown log operation 'frob'")]
    [TestCase("log append", "append takes the text of a record")]
    [TestCase("log append caf\u00e9", "the record has a character outside ASCII")]
    [TestCase("log show 0", "show takes 1-1000 records")]
    [TestCase("log show 1001", "show takes 1-1000 records")]
    [TestCase("log show ten", "show takes 1-1000 records")]
    [TestCase("log show 1 2", "show takes at most a count")]
    [TestCase("log verify all", "verify takes nothing")]
    public void MalformedArgumentsAreRefusedWithTheReasonAndAppendNothing(string line, string reason)
    {
        var shell = WithRecords(1);
        Assert.That(shell.Run(line), Is.EqualTo(Error(reason)));
        Assert.That(shell.Session.Log!.Count, Is.EqualTo(1UL));
    }

    [Test]
    public void WithoutAnOpenStoreTheLogSaysSo()
    {
        var shell = new KeyValueShell();
        Assert.That(shell.Run("log append x"), Is.EqualTo(Error("no store is open (kv open <device>)")));
        Assert.That(shell.Run("log verify"), Is.EqualTo(Error("no store is open (kv open <device>)")));
    }

    [Test]
    public void AReadOnlyStoreRefusesAppendsWithTheStoresError()
    {
        var shell = WithRecords(1);
        shell.Run("kv close");
        shell.Run("kv open sim0 read-only");
        Assert.That(shell.Run("log append x"), Is.EqualTo(Error("sim0's store is open read-only")));
        Assert.That(shell.Run("log verify"), Is.EqualTo("verified: 1 records"));
    }
}
