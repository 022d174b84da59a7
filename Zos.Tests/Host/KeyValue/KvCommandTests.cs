using System.Text;
using Zos.Kernel.KeyValue;
using Zos.Shell.Commands;
using Zos.Shell.Tools;

namespace Zos.Tests.Host.KeyValue;

// The shell's kv command over a simulated disk: what each operation prints,
// that a printed put is durable, that a batch is all or nothing, and a clear
// error (the store's own where it has one) for every bad input.
public class KvCommandTests
{
    private static readonly string Usage = new KvCommand(new KeyValueSession(null!, null!, null!)).Usage;

    private static string Error(string message) => $"error: {message} (usage: {Usage})";

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static KeyValueShell Formatted()
    {
        var shell = new KeyValueShell();
        Assert.That(shell.Run("kv format sim0"), Does.StartWith("formatted: sim0 store=0000000000000051 keys=0 frames=0 records=0 read_only=no\nlog: 0 records"));
        return shell;
    }

    private static byte[]? DurableValue(KeyValueShell shell, string key)
    {
        Assert.That(shell.Durable().Get(Bytes(key), out byte[]? value), Is.Null);
        return value;
    }

    [Test]
    public void EveryOperationButOpenAndFormatNeedsAnOpenStore()
    {
        var shell = new KeyValueShell();
        foreach (string line in new[] { "kv put a b", "kv get a", "kv del a", "kv list", "kv batch put a b", "kv stats", "kv check", "kv compact", "kv close" })
            Assert.That(shell.Run(line), Is.EqualTo(Error("no store is open (kv open <device>)")), line);
    }

    [Test]
    public void OpeningADiskWithoutAStoreGivesTheStoresOwnErrorAndOpensNothing()
    {
        var shell = new KeyValueShell();
        Assert.That(shell.Run("kv open sim0"),
            Is.EqualTo(Error("sim0 holds no store: sector 0: no superblock (magic); sector 1: no superblock (magic)")));
        Assert.That(shell.Run("kv open blk7"), Is.EqualTo(Error("no block device blk7")));
        Assert.That(shell.Session.Store, Is.Null);
    }

    [Test]
    public void PutGetDelListPrintWhatTheyDid()
    {
        var shell = Formatted();
        Assert.That(shell.Run("kv put apple red"), Is.EqualTo("put: apple bytes=3"));
        Assert.That(shell.Run("kv put \"a b\" \"two words\""), Is.EqualTo("put: a b bytes=9"));
        Assert.That(shell.Run("kv put banana yellow"), Is.EqualTo("put: banana bytes=6"));
        Assert.That(shell.Run("kv put apple green"), Is.EqualTo("put: apple bytes=5"));
        Assert.That(shell.Run("kv get apple"), Is.EqualTo("value: green"));
        Assert.That(shell.Run("kv get \"a b\""), Is.EqualTo("value: two words"));
        Assert.That(shell.Run("kv list"), Is.EqualTo("key: a b\nkey: apple\nkey: banana\nkeys: 3"));
        Assert.That(shell.Run("kv list ap"), Is.EqualTo("key: apple\nkeys: 1"));
        Assert.That(shell.Run("kv list zz"), Is.EqualTo("keys: 0"));
        Assert.That(shell.Run("kv del banana"), Is.EqualTo("deleted: banana"));
        Assert.That(shell.Run("kv get banana"), Is.EqualTo(Error("no key 'banana' in sim0's store")));
        Assert.That(shell.Run("kv del banana"), Is.EqualTo(Error("no key 'banana' in sim0's store")));
    }

    [Test]
    public void AValueIsShownWholeWithItsBackslashesEscaped()
    {
        var shell = Formatted();
        string value = new string('v', 200) + "\\end";
        Assert.That(shell.Run($"kv put long {value}"), Is.EqualTo("put: long bytes=204"));
        Assert.That(shell.Run("kv get long"), Is.EqualTo("value: " + new string('v', 200) + "\\x5Cend"));
    }

    [Test]
    public void APrintedPutIsAlreadyDurable()
    {
        var shell = Formatted();
        for (int i = 0; i < 20; i++)
        {
            Assert.That(shell.Run($"kv put key{i} value{i}"), Is.EqualTo($"put: key{i} bytes={$"value{i}".Length}"));
            Assert.That(shell.Disk.Unflushed(), Is.Empty, "nothing acknowledged waits for a flush");
            Assert.That(DurableValue(shell, $"key{i}"), Is.EqualTo(Bytes($"value{i}")));
        }
    }

    [Test]
    public void ABatchPrintsEachOperationAndIsDurableWhole()
    {
        var shell = Formatted();
        shell.Run("kv put old 1");
        Assert.That(shell.Run("kv batch put a 1 del old put b 22 del never"),
            Is.EqualTo("put: a bytes=1\ndeleted: old\nput: b bytes=2\nabsent: never\nbatch: 4 operations"));
        KeyValueStore durable = shell.Durable();
        Assert.That(durable.List([]).Select(Encoding.ASCII.GetString), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void ABatchWhoseWriteFailsLeavesNoneOfItsOperations()
    {
        var shell = Formatted();
        shell.Run("kv put kept 1");
        shell.Disk.FailNextFlush = "the device went away";
        Assert.That(shell.Run("kv batch put a 1 put b 2 del kept"),
            Is.EqualTo(Error("writing frame 2 at sector 3 of sim0: the device went away")));
        Assert.That(shell.Run("kv get a"), Is.EqualTo(Error("no key 'a' in sim0's store")), "the open store applied nothing");
        Assert.That(shell.Run("kv get kept"), Is.EqualTo("value: 1"));
        Assert.That(shell.Run("kv put c 3"), Does.StartWith("error: the store stopped writing after an error (reopen it to recover): "));
    }

    [TestCase("kv", "kv needs an operation")]
    [TestCase("kv frob", "unknown kv operation 'frob'")]
    [TestCase("kv put a", "put takes a key and a value")]
    [TestCase("kv put a b c", "put takes a key and a value")]
    [TestCase("kv get", "get takes a key")]
    [TestCase("kv del a b", "del takes a key")]
    [TestCase("kv list a b", "list takes at most a prefix")]
    [TestCase("kv stats now", "stats takes nothing")]
    [TestCase("kv compact now", "compact takes nothing")]
    [TestCase("kv check all", "check takes nothing")]
    [TestCase("kv close now", "close takes nothing")]
    [TestCase("kv batch", "batch takes put <key> <value> and del <key> operations")]
    [TestCase("kv batch put a", "batch: put needs a key and a value")]
    [TestCase("kv batch put a 1 del", "batch: del needs a key")]
    [TestCase("kv batch put a 1 frob b", "batch: 'frob' is neither put nor del")]
    [TestCase("kv put k\u00e9 v", "the key has a character outside ASCII")]
    [TestCase("kv put k v\u00e9", "the value has a character outside ASCII")]
    [TestCase("kv batch put a 1 del \u00e9", "batch: the key has a character outside ASCII")]
    [TestCase("kv soak", "soak takes start [writers] [print], status, stop or check [writers]")]
    [TestCase("kv soak start 0", "a soak has 1-16 writers")]
    [TestCase("kv soak start 17", "a soak has 1-16 writers")]
    [TestCase("kv soak check x", "a soak has 1-16 writers")]
    [TestCase("kv soak stop now", "soak takes start [writers] [print], status, stop or check [writers]")]
    [TestCase("kv soak start print 4", "soak takes start [writers] [print], status, stop or check [writers]")]
    [TestCase("kv soak check 2 print", "soak takes start [writers] [print], status, stop or check [writers]")]
    [TestCase("kv soak status", "no soak is running")]
    [TestCase("kv soak stop", "no soak is running")]
    [TestCase("kv open", "open takes a device and optionally read-only or salvage")]
    [TestCase("kv open sim0 rw", "open takes a device and optionally read-only or salvage")]
    [TestCase("kv format sim0 now", "format takes a device and optionally erase")]
    [TestCase("kv format sim0 salvage", "format takes a device and optionally erase")]
    [TestCase("kv repair", "repair takes a device")]
    [TestCase("kv repair sim0", "sim0's store is open (kv close first)")]
    public void MalformedArgumentsAreRefusedWithTheReasonAndWriteNothing(string line, string reason) =>
        Formatted().AssertRefusedWritingNothing(line, Error(reason));

    [Test]
    public void SoakCheckCountsEachWritersKeys()
    {
        var shell = Formatted();
        var soak = new KeyValueSoak(shell.Session.Store!, new ulong[2]);
        for (int i = 0; i < 3; i++) soak.Step(0);
        soak.Step(1);
        Assert.That(shell.Run("kv soak check 2"), Is.EqualTo("soak: checked keys=3,1"));
        Assert.That(shell.Run("kv soak check 1"), Is.EqualTo(Error("4 keys under soak/, 3 of them from writers 0-0")));
        Assert.That(shell.Run("kv soak start 1"), Is.EqualTo(Error("the soak's keys in the store are not sound: 4 keys under soak/, 3 of them from writers 0-0")),
            "a soak goes on after the keys there, so they must be its own");
    }

    [Test]
    public void FormatKeepsAnExistingStoreUnlessToldToErase()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv close");
        Assert.That(shell.Run("kv format sim0"), Is.EqualTo(Error("sim0 holds store 0000000000000051 (kv format sim0 erase replaces it)")));
        Assert.That(shell.Run("kv format sim0 erase"), Does.StartWith("formatted: sim0 store=0000000000000052 keys=0 "));
        Assert.That(DurableValue(shell, "a"), Is.Null, "the erased store's keys are gone");
    }

    [Test]
    public void OneStoreIsOpenAtATime()
    {
        var shell = Formatted();
        Assert.That(shell.Run("kv open sim0"), Is.EqualTo(Error("sim0's store is open (kv close first)")));
        Assert.That(shell.Run("kv close"), Is.EqualTo("closed: sim0"));
        Assert.That(shell.Run("kv close"), Is.EqualTo(Error("no store is open (kv open <device>)")));
    }

    [Test]
    public void AReopenedStoreHasWhatWasPutAndReadOnlyRefusesWrites()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv batch put b 2 put c 3");
        shell.Run("kv close");
        Assert.That(shell.Run("kv open sim0 read-only"), Does.StartWith("opened: sim0 store=0000000000000051 keys=3 frames=2 records=3 read_only=yes"));
        Assert.That(shell.Run("kv get c"), Is.EqualTo("value: 3"));
        Assert.That(shell.Run("kv put d 4"), Is.EqualTo(Error("sim0's store is open read-only")));
    }

    [Test]
    public void StatsCountWhatWasReplayedAndWritten()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv put b 2");
        shell.Run("kv close");
        shell.Run("kv open sim0");
        shell.Run("kv put c 3");
        Assert.That(shell.Run("kv stats"), Is.EqualTo("""
            device: sim0
            store: 0000000000000051
            read_only: no
            keys: 3
            frames_replayed: 2
            records_replayed: 2
            replay_stop: no frame at sector 4
            frames_written: 1
            batches_written: 1
            log_sectors_used: 3
            log_sectors: 2046
            log_start: sector 2 frame 1
            frames_cleaned: 0
            records_copied: 0
            mount_us: 1000
            """.Replace("\r", "")));
    }

    [Test]
    public void CompactCleansEveryFrameWrittenSoFarAndSaysWhatTheLogUsedBeforeAndAfter()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv put b 2");
        shell.Run("kv put a 3");
        shell.Run("kv del b");

        // Four one-sector frames; a's second value is the one live record, copied into frame 5.
        Assert.That(shell.Run("kv compact"), Is.EqualTo("compacted: sim0 log_sectors=4->1 frames_cleaned=4 records_copied=1"));
        Assert.That(shell.Run("kv get a"), Is.EqualTo("value: 3"));
        Assert.That(shell.Run("kv get b"), Does.StartWith("error: no key 'b' in sim0's store"));
        Assert.That(shell.Run("kv stats"), Does.Contain("log_start: sector 6 frame 5\nframes_cleaned: 4\nrecords_copied: 1"));
        shell.Run("kv close");
        Assert.That(shell.Run("kv open sim0"), Does.StartWith("opened: sim0 store=0000000000000051 keys=1 frames=1 records=1"));
    }

    [Test]
    public void CheckReadsEveryRecordBackAndAgreesWithTheOpenStore()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv put b 22");
        shell.Run("kv del a");
        Assert.That(shell.Run("kv check"), Is.EqualTo(
            "check: sim0 store=0000000000000051 keys=1 value_bytes=2 damaged=0 frames=3 records=3 log_sectors=3/2046 commit_log=0\ncheck: ok"));
    }

    // A bit flipped in the record of b, after the store acknowledged it: the
    // replay of the disk finds the damage and says where, in the store's words.
    [Test]
    public void CheckNamesDamageUnderAnOpenStore()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv put b 2");
        shell.Run("kv put c 3");
        shell.Disk.Damage(3, sector => sector[77] ^= 0x10); // the value byte of b's record
        string answer = shell.Run("kv check");
        Assert.That(answer, Is.EqualTo(Error(
            "the log breaks at sector 3 (frame 2 at sector 3: record 0 at byte 64: checksum mismatch) but frame 3 follows at sector 4: acknowledged data is damaged")));
        Assert.That(shell.Run("kv get b"), Is.EqualTo("value: 2"), "the open store answers from its value cache with what was acknowledged");
    }

    [Test]
    public void OpeningADamagedStoreGivesTheStoresErrorNamingTheSector()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv put b 2");
        shell.Run("kv close");
        shell.Disk.Damage(2, sector => sector[0] ^= 1);
        Assert.That(shell.Run("kv open sim0"), Is.EqualTo(Error(
            "the log breaks at sector 2 (no frame at sector 2) before its known end at sector 4: acknowledged data is damaged")));
        Assert.That(shell.Session.Store, Is.Null);
    }

    [Test]
    public void ADamagedStoreOpensSalvagedReadOnlyAndRepairMakesItWritableSayingWhatItDropped()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        shell.Run("kv put b 2");
        shell.Run("kv put c 3");
        shell.Run("kv close");
        shell.Disk.Damage(3, sector => sector[64 + 12 + 1] ^= 1); // b's value, in the frame at sector 3
        const string Damage = "the log breaks at sector 3 (frame 2 at sector 3: record 0 at byte 64: checksum mismatch) "
            + "before its known end at sector 5: acknowledged data is damaged";

        Assert.That(shell.Run("kv open sim0 salvage"), Is.EqualTo(
            $"opened: sim0 store=0000000000000051 keys=1 frames=1 records=1 read_only=yes\ndamage: {Damage}\nlog: 0 records"));
        Assert.That(shell.Run("kv get a"), Is.EqualTo("value: 1"));
        Assert.That(shell.Run("kv put b 4"), Does.StartWith("error: sim0's store is open read-only"));
        shell.Run("kv close");

        Assert.That(shell.Run("kv repair sim0"), Is.EqualTo(
            $"repaired: the log now ends at sector 3 before frame 2; dropped: {Damage}; frames cleared: 1\n"
            + "opened: sim0 store=0000000000000051 keys=1 frames=1 records=1 read_only=no\nlog: 0 records"));
        Assert.That(shell.Run("kv put b 4"), Is.EqualTo("put: b bytes=1"));
        shell.Run("kv close");
        Assert.That(shell.Run("kv open sim0"), Does.StartWith("opened: sim0 store=0000000000000051 keys=2 "));
        Assert.That(shell.Run("kv repair sim0"), Does.StartWith("error: sim0's store is open (kv close first)"));
        shell.Run("kv close");
        Assert.That(shell.Run("kv repair sim0"), Does.StartWith("repaired: nothing was damaged\nopened: sim0 "));
    }
}
