using Zos.Shell.Commands;
using Zos.Shell.Tools;

namespace Zos.Tests.Host.KeyValue;

// `kv bench` over a simulated disk and a clock one millisecond later at every
// reading (SteppingClock): each line's numbers follow from the readings, so
// they are exact here. `puts` starts kernel threads and runs only in Zos
// (KvZosBenchmark); its arguments are checked here before any thread starts.
public class KvBenchCommandTests
{
    private static readonly string Usage = new KvCommand(new KeyValueSession(null!, null!, null!)).Usage;

    private static string Error(string message) => $"error: {message} (usage: {Usage})";

    private static KeyValueShell Formatted()
    {
        var shell = new KeyValueShell();
        Assert.That(shell.Run("kv format sim0"), Does.StartWith("formatted: sim0 "));
        return shell;
    }

    [TestCase("kv bench", KeyValueBench.Usage)]
    [TestCase("kv bench frob", KeyValueBench.Usage)]
    [TestCase("kv bench puts 4 100", "bench puts takes writers, value bytes and milliseconds")]
    [TestCase("kv bench puts 0 100 1000", "a bench has 1-16 writers")]
    [TestCase("kv bench puts 17 100 1000", "a bench has 1-16 writers")]
    [TestCase("kv bench puts x 100 1000", "a bench has 1-16 writers")]
    [TestCase("kv bench puts 4 0 1000", "a bench value has 1-16777216 bytes")]
    [TestCase("kv bench puts 4 16777217 1000", "a bench value has 1-16777216 bytes")]
    [TestCase("kv bench puts 4 100 0", "a bench runs 1-600000 ms")]
    [TestCase("kv bench puts 4 100 600001", "a bench runs 1-600000 ms")]
    [TestCase("kv bench gets", "bench gets takes a count and optionally uncached")]
    [TestCase("kv bench gets 10 cold", "bench gets takes a count and optionally uncached")]
    [TestCase("kv bench gets 0", "a bench's gets are 1-100000000")]
    [TestCase("kv bench gets 10", "no keys under fill/ (kv bench fill first)")]
    [TestCase("kv bench list", "bench list takes a prefix and optionally a number of walks")]
    [TestCase("kv bench list a 0", "a bench's walks are 1-100000000")]
    [TestCase("kv bench list k\u00e9", "the prefix has a character outside ASCII")]
    [TestCase("kv bench fill 10", "bench fill takes a number of keys and value bytes")]
    [TestCase("kv bench fill 0 100", "a bench's keys are 1-100000000")]
    [TestCase("kv bench fill 10 -1", "a bench value has 1-16777216 bytes")]
    [TestCase("kv bench raw", "bench raw takes milliseconds")]
    [TestCase("kv bench raw 1 2", "bench raw takes milliseconds")]
    [TestCase("kv bench raw 0", "a bench runs 1-600000 ms")]
    public void MalformedArgumentsAreRefusedWithTheReasonAndWriteNothing(string line, string reason) =>
        Formatted().AssertRefusedWritingNothing(line, Error(reason));

    [Test]
    public void BenchNeedsAnOpenStore() =>
        Assert.That(new KeyValueShell().Run("kv bench raw 5"), Is.EqualTo(Error("no store is open (kv open <device>)")));

    [Test]
    public void FillWritesDurableBatchesThatGetsAndListThenMeasure()
    {
        var shell = Formatted();
        int flushes = shell.Disk.Flushes;
        Assert.That(shell.Run("kv bench fill 2500 100"), Is.EqualTo("bench: fill keys=2500 value_bytes=100 batches=3 us=1000 store_keys=2500"));
        Assert.That(shell.Disk.Flushes - flushes, Is.EqualTo(3), "one frame, one flush, per batch of 1,000");
        Assert.That(shell.Durable().KeyCount, Is.EqualTo(2500));

        // fill/00001000 to fill/00001999; three walks in one millisecond.
        Assert.That(shell.Run("kv bench list fill/00001 3"), Is.EqualTo("bench: list prefix=fill/00001 keys=1000 walks=3 us_per_walk=333"));
        // Every value written is in the cache: no read reaches the disk.
        int reads = shell.Disk.Reads;
        Assert.That(shell.Run("kv bench gets 5000"),
            Is.EqualTo("bench: gets count=5000 keys=2500 cached=yes value_bytes=500000 us=1000 gets_per_s=5000000"));
        Assert.That(shell.Disk.Reads, Is.EqualTo(reads));
        Assert.That(shell.Run("kv bench gets 40 uncached"), Does.StartWith("bench: gets count=40 keys=2500 cached=no value_bytes=4000 "));
        Assert.That(shell.Disk.Reads - reads, Is.EqualTo(40), "each uncached get reads its record");
    }

    // Readings at +1..+4 ms are before the 5 ms deadline: four round trips, the fifth reading ends the loop.
    [Test]
    public void RawRewritesTheLastSectorAsItWasWithAFlushEachTime()
    {
        var shell = Formatted();
        shell.Run("kv put a 1");
        byte[] before = shell.Disk.DurableImage();
        int writes = shell.Disk.Writes, flushes = shell.Disk.Flushes;
        Assert.That(shell.Run("kv bench raw 5"), Is.EqualTo("bench: raw device=sim0 sector=2047 round_trips=4 us=6000 round_trips_per_s=666"));
        Assert.That((shell.Disk.Writes - writes, shell.Disk.Flushes - flushes), Is.EqualTo((4, 4)));
        Assert.That(shell.Disk.DurableImage(), Is.EqualTo(before), "the device holds what it held");
        Assert.That(shell.Run("kv check"), Does.EndWith("check: ok"));
    }

    [Test]
    public void RawRefusesAReadOnlyStore()
    {
        var shell = Formatted();
        shell.Run("kv close");
        shell.Run("kv open sim0 read-only");
        int writes = shell.Disk.Writes;
        Assert.That(shell.Run("kv bench raw 5"), Is.EqualTo(Error("sim0's store is open read-only")));
        Assert.That(shell.Disk.Writes, Is.EqualTo(writes));
    }
}
