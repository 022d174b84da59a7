using System.Text;
using Zos.Tests.Benchmarks.KvHost;

namespace Zos.Tests.Benchmarks;

// Issue 15's host comparison: Zos's key-value store (the same code as in the
// kernel, over an image file whose flush is an fsync) against RocksDB, LMDB and
// SQLite (WAL, synchronous=FULL) in one temporary directory, each with an fsync
// per commit. The engines take turns in Rounds rounds (Zos, RocksDB, LMDB,
// SQLite, Zos, ...): the host is shared and swings ±30 %, so medians count.
// Opt-in, about four minutes (5 rounds):
// dotnet test Zos.Tests -c Release -p:ZosSkipImage=true --filter "FullyQualifiedName~KvHostComparisonBenchmark" --logger "console;verbosity=detailed"
// Release: in Debug the store's C# runs unoptimised beside three native engines.
// LMDB on Debian 12 needs `apt-get install liblmdb0` (see LmdbNativeLibrary).
// Set ZOS_KV_BENCH_DIR to measure on another file system than the temp directory's.
[Explicit, Category("benchmark")]
public class KvHostComparisonBenchmark
{
    private const int Rounds = 5;
    private static readonly TimeSpan PutWindow = TimeSpan.FromSeconds(2);
    private const int SmallValue = 100;
    private const int LargeValue = 4096;
    private const int Keys = 50_000;
    private const int Gets = 100_000;
    private const int Overwrites = 5;
    private const int ListRepeats = 20;
    // "key/0001" + four digits: keys 10,000 to 19,999.
    private static readonly byte[] ListPrefix = Encoding.ASCII.GetBytes("key/0001");
    private const int ListKeys = 10_000;

    private static readonly (string Name, Func<string, IKvEngine> Open)[] Engines =
    [
        ("Zos", directory => new ZosKvEngine(directory)),
        ("RocksDB", directory => new RocksDbEngine(directory)),
        ("LMDB", directory => new LmdbEngine(directory)),
        ("SQLite", directory => new SqliteEngine(directory)),
    ];

    [Test]
    public void ZosAgainstRocksDbLmdbAndSqlite()
    {
        string root = Path.Combine(Environment.GetEnvironmentVariable("ZOS_KV_BENCH_DIR") ?? Path.GetTempPath(), $"zos-kv-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        var table = new KvComparisonTable(Engines.Select(e => e.Name).ToList());
        var compactions = new Dictionary<string, string>();
        try
        {
            TestContext.Out.WriteLine($"directory: {root}");
            TestContext.Out.WriteLine($"file system: {DiskUsage.FileSystemOf(root)}");
            for (int round = 1; round <= Rounds; round++)
                foreach (var (name, open) in Engines)
                {
                    TestContext.Progress.WriteLine($"round {round}: {name}");
                    compactions[name] = RunRound(name, open, Path.Combine(root, $"{name}-{round}"), table);
                }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        TestContext.Out.WriteLine();
        TestContext.Out.WriteLine(table.Rounds());
        TestContext.Out.WriteLine($"medians of {Rounds} rounds; {Keys:N0} keys of {KvWorkload.Key(0).Length} bytes for gets, list and space");
        TestContext.Out.WriteLine(table.ToMarkdown());
        foreach (var (name, how) in compactions) TestContext.Out.WriteLine($"compaction, {name}: {how}");
        TestContext.Out.WriteLine($"LMDB library: {LmdbNativeLibrary.Loaded}");
        Assert.That(table.Median("durable puts/s, 100 B, 1 writer", "Zos"), Is.GreaterThan(0));
    }

    // One engine's turn: the put rows on a store of their own, then gets, list
    // and space on a store loaded with Keys keys. Returns how it compacted.
    private static string RunRound(string name, Func<string, IKvEngine> open, string directory, KvComparisonTable table)
    {
        string puts = Path.Combine(directory, "puts");
        Directory.CreateDirectory(puts);
        using (IKvEngine engine = open(puts))
        {
            foreach (int valueBytes in new[] { SmallValue, LargeValue })
                foreach (int writers in new[] { 1, 16 })
                {
                    double rate = KvWorkload.DurablePutsPerSecond(engine, writers, valueBytes, PutWindow);
                    table.Add($"durable puts/s, {Size(valueBytes)}, {writers} writer{(writers == 1 ? "" : "s")}", "higher", name, rate);
                }
        }

        string reads = Path.Combine(directory, "reads");
        Directory.CreateDirectory(reads);
        string compaction;
        using (IKvEngine engine = open(reads))
        {
            var random = new Random(15);
            KvWorkload.WriteAll(engine, Keys, SmallValue, random);
            table.Add($"random gets/s, {Keys / 1000}k keys, {Size(SmallValue)}", "higher", name, KvWorkload.RandomGetsPerSecond(engine, Keys, Gets, SmallValue, random));
            table.Add($"list {ListKeys:N0} keys in order, ms", "lower", name, KvWorkload.ListMilliseconds(engine, ListPrefix, ListKeys, ListRepeats));

            for (int i = 0; i < Overwrites; i++) KvWorkload.WriteAll(engine, Keys, SmallValue, random);
            double live = KvWorkload.LiveBytes(Keys, SmallValue);
            table.Add("space: disk / live after 5 overwrites", "lower", name, engine.BytesInUse(reads) / live);
            compaction = engine.Compact() ?? "none (not built)";
            if (compaction != "none (not built)")
                table.Add("space: disk / live, then compacted", "lower", name, engine.BytesInUse(reads) / live);
        }
        Directory.Delete(directory, recursive: true);
        return compaction;
    }

    private static string Size(int bytes) => bytes >= 1024 ? $"{bytes / 1024} KiB" : $"{bytes} B";
}
