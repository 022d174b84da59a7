using System.Text;
using System.Text.RegularExpressions;
using Zos.Build;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Qemu;

// The key-value store and its commit log in Zos on virtio-blk: a put/get
// soak while the block driver is crashed again and again loses and
// duplicates nothing; the commit log replays after a reboot, and a record
// changed in the image on the host is named by `log verify`; the host
// tool's `zos kv check` of the image agrees with the shell's `kv check`.
[Category("qemu")]
public class KvStoreTests
{
    private const int Writers = 4;

    [Test]
    public void ASoakUnderDriverCrashesLosesAndDuplicatesNothingAndTheHostToolAgrees()
    {
        using var disk = new KvDisk(DiskController.VirtioBlk, sectors: 16384);
        string acknowledged, shellCheck;
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv format blk0"), Does.StartWith("formatted: blk0 "));
            Assert.That(machine.Command($"kv soak start {Writers}").Trim(), Is.EqualTo($"soak: started writers={Writers} from=0,0,0,0"));
            int incarnation = 1;
            foreach (string kind in new[] { "throw", "null", "hang", "port", "throw" })
            {
                WaitForPuts(machine);
                Assert.That(machine.Command($"inject blk0 {kind}").Trim(), Is.EqualTo($"injected: {kind} into blk0 incarnation {incarnation}"));
                DriverShell.WaitFor(machine, "blk0", "Running", ++incarnation, TimeSpan.FromSeconds(20));
            }
            WaitForPuts(machine);
            string stopped = machine.Command("kv soak stop");
            Assert.That(stopped, Does.Not.Contain("first problem:"), stopped);
            var soak = DriverShell.Fields(stopped);
            Assert.That((soak["ended"], soak["mismatches"], soak["failures"]), Is.EqualTo(("yes", "0", "0")), stopped);
            acknowledged = soak["acknowledged"];
            TestContext.Out.WriteLine(stopped);

            Assert.That(machine.Command($"kv soak check {Writers}").Trim(), Is.EqualTo($"soak: checked keys={acknowledged}"),
                "each writer's keys run from 0 to exactly its last acknowledged put, each with its value");
            Assert.That(DriverShell.Fields(DriverShell.Line(machine.Command("drivers"), "driver blk0 ")!)["crashes"], Is.EqualTo("5"));
            Assert.That(long.Parse(DriverShell.Device(machine.Command("blk"), "blk0")["replayed"]), Is.GreaterThan(0),
                "the crashes caught store writes or reads in flight, and the block service replayed them");
            // Compaction under a crash too: every soak key is live, so all are copied forward, and the log starts after them.
            Assert.That(machine.Command("inject blk0 throw").Trim(), Is.EqualTo($"injected: throw into blk0 incarnation {incarnation}"));
            var compacted = DriverShell.Fields(machine.Command("kv compact"));
            long keys = acknowledged.Split(',').Sum(long.Parse);
            Assert.That(long.Parse(compacted["records_copied"]), Is.EqualTo(keys), "every live key copied forward once");
            Assert.That(long.Parse(compacted["frames_cleaned"]), Is.GreaterThan(0));
            DriverShell.WaitFor(machine, "blk0", "Running", ++incarnation, TimeSpan.FromSeconds(20));
            Assert.That(machine.Command($"kv soak check {Writers}").Trim(), Is.EqualTo($"soak: checked keys={acknowledged}"), "after compaction");
            string check = machine.Command("kv check");
            Assert.That(check, Does.EndWith("check: ok\n"));
            shellCheck = Regex.Match(check, "(?m)^check: blk0 (.*)$").Groups[1].Value;
        } // killed

        var output = new StringWriter();
        Assert.That(KeyValueTool.Run(["check", disk.Image], output, TextWriter.Null), Is.Zero, output.ToString());
        Assert.That(output.ToString(), Is.EqualTo($"check: kv.img {shellCheck}\ncheck: ok\n"), "zos kv check agrees with the shell's kv check");

        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv open blk0"), Does.StartWith("opened: blk0 "));
            Assert.That(machine.Command($"kv soak check {Writers}").Trim(), Is.EqualTo($"soak: checked keys={acknowledged}"), "and after a new boot");
        }
    }

    // Until the soak's acknowledged puts have grown by a few since the last look.
    private static void WaitForPuts(ZosMachine machine)
    {
        long Puts() => long.Parse(DriverShell.Fields(machine.Command("kv soak status"))["puts"]);
        long before = Puts();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            if (Puts() > before + 8) return;
        }
        Assert.Fail("the soak made no progress:\n" + machine.Command("kv soak status") + machine.Command("drivers") + machine.Command("threads"));
    }

    [Test]
    public void TheCommitLogReplaysAfterARebootAndVerifyNamesARecordChangedOnTheHost()
    {
        using var disk = new KvDisk(DiskController.VirtioBlk);
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv format blk0"), Does.EndWith("log: 0 records\n"));
            for (int n = 1; n <= 6; n++) Assert.That(machine.Command($"log append entry {n}").Trim(), Is.EqualTo($"appended: record {n}"));
        } // killed
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv open blk0"), Does.EndWith("log: 6 records\n"), "replayed, chain checked");
            Assert.That(machine.Command("log show 2").Trim(), Is.EqualTo("record 5: entry 5\nrecord 6: entry 6\nrecords: 6"));
            Assert.That(machine.Command("log append entry 7").Trim(), Is.EqualTo("appended: record 7"));
            Assert.That(machine.Command("log verify").Trim(), Is.EqualTo("verified: 7 records"));
        } // killed

        ChangeRecordOnTheHost(disk.Image, 3);
        const string Broken = "the commit log breaks: record 4 does not carry the hash of record 3: the chain breaks there";
        var errors = new StringWriter();
        Assert.That(KeyValueTool.Run(["check", disk.Image], TextWriter.Null, errors), Is.EqualTo(1));
        Assert.That(errors.ToString(), Is.EqualTo($"zos: error: {Broken}\n"), "zos kv check names it too");

        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv open blk0"), Does.EndWith("log: record 4 does not carry the hash of record 3: the chain breaks there\n"));
            Assert.That(machine.Command("log verify").Trim(), Does.StartWith($"error: {Broken} (usage: "));
        }
    }

    [Test]
    public void ADamagedStoreIsRefusedThenSalvagedReadOnlyThenRepairedAndWritableAfterAReboot()
    {
        using var disk = new KvDisk(DiskController.VirtioBlk);
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv format blk0"), Does.StartWith("formatted: blk0 "));
            foreach (string key in new[] { "a", "b", "c" }) Assert.That(machine.Command($"kv put {key} value-{key}").Trim(), Is.EqualTo($"put: {key} bytes=7"));
        } // killed
        // b's frame is at sector 3 (a's at 2, after the superblocks): one bit of its value flipped on the host.
        using (var image = new FileStream(disk.Image, FileMode.Open))
        {
            long at = 3 * KvDisk.Sector + 64 + 12 + 1 + 2;
            image.Position = at;
            int bit = image.ReadByte() ^ 1;
            image.Position = at;
            image.WriteByte((byte)bit);
        }

        const string Damage = "the log breaks at sector 3 (frame 2 at sector 3: record 0 at byte 64: checksum mismatch) "
            + "but frame 3 follows at sector 4: acknowledged data is damaged";
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv open blk0").Trim(), Does.StartWith($"error: {Damage}"));
            string salvaged = machine.Command("kv open blk0 salvage");
            Assert.That(salvaged, Does.Contain(" keys=1 ").And.Contain(" read_only=yes\n"));
            Assert.That(DriverShell.Line(salvaged, "damage: "), Does.StartWith("damage: the log breaks at sector 3 (frame 2 at sector 3: record 0 at byte 64: checksum mismatch)"));
            Assert.That(machine.Command("kv get a").Trim(), Is.EqualTo("value: value-a"));
            Assert.That(machine.Command("kv close").Trim(), Is.EqualTo("closed: blk0"));
            Assert.That(DriverShell.Line(machine.Command("kv repair blk0"), "repaired: "),
                Does.StartWith("repaired: the log now ends at sector 3 before frame 2; dropped: ").And.EndWith("; frames cleared: 1"));
            Assert.That(machine.Command("kv put b again").Trim(), Is.EqualTo("put: b bytes=5"));
        } // killed
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command("kv open blk0"), Does.StartWith("opened: blk0 ").And.Contain(" keys=2 "));
            Assert.That(machine.Command("kv get b").Trim(), Is.EqualTo("value: again"));
            Assert.That(machine.Command("kv check"), Does.EndWith("check: ok\n"));
        }
    }

    // A byte of record n's payload changed, written through the host tool's
    // code as a put of the same store: the store is sound, the chain is not.
    private static void ChangeRecordOnTheHost(string image, int n)
    {
        using ImageFileStorage file = ImageFileStorage.Open(image, writable: true, out string? error)!;
        Assert.That(error, Is.Null);
        KeyValueStore store = KeyValueStore.Open(file, readOnly: false, out error)!;
        Assert.That(error, Is.Null);
        byte[] key = Encoding.ASCII.GetBytes($"{CommitLog.StandardPrefix}{n:X16}");
        Assert.That(store.Get(key, out byte[]? value), Is.Null);
        value![^1] ^= 1;
        Assert.That(store.Put(key, value), Is.Null);
        Assert.That(store.Close(), Is.Null);
    }
}
