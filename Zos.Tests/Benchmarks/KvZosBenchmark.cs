using System.Diagnostics;
using Zos.Build;
using Zos.Kernel.KeyValue;
using Zos.Kernel.Supervision;
using Zos.Shell;
using Zos.Shell.Tools;
using Zos.Tests.Host;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --no-build --filter "FullyQualifiedName~KvZosBenchmark" --logger "console;verbosity=detailed"
// The key-value store measured in Zos (issue 15, docs/benchmarks.md): QEMU TCG, -smp 2, virtio-blk
// (modern) with cache=none, through `kv bench` (Zos.Shell/Tools/KeyValueBench.cs). Every command that
// measures goes through ZosMachine.BenchmarkCommand, which rejects the run when Zos's clock and the
// host's disagree. Rows: durable puts beside the device's own write+flush round trips (interleaved,
// Rounds rounds in one boot, each put row on a freshly formatted store), gets and list on 50,000
// keys, and the mount time of a store of 1 million keys.
[Explicit, Category("benchmark")]
public class KvZosBenchmark
{
    private const int Rounds = 3;
    private const int PutMilliseconds = 3000;
    private const int RawMilliseconds = 3000;
    private const int FillKeys = 50_000;
    private const int CachedGets = 100_000;
    private const int UncachedGets = 10_000;
    private const int ListWalks = 20;
    // fill/00010000 to fill/00019999.
    private const string ListPrefix = "fill/0001";
    private const int MillionKeys = 1_000_000;
    private const int ValueBytes = 100;
    private const long ImageBytes = 512L << 20;
    private static readonly TimeSpan LongCommand = TimeSpan.FromMinutes(5);
    private static readonly (int Writers, int Bytes)[] PutRows = [(1, 100), (16, 100), (1, 4096), (16, 4096)];

    private readonly Dictionary<string, List<double>> _rows = new();

    [Test]
    public void InZos()
    {
        var folder = Directory.CreateTempSubdirectory("zos-kv-bench-");
        try
        {
            TestContext.Out.WriteLine($"start {DateTime.UtcNow:u}, load average {LoadAverage()}");
            string image = Path.Combine(folder.FullName, "kv.img");
            BenchmarkDiskImage.Create(image, ImageBytes);
            PutsGetsAndList(image);
            Mounts(folder.FullName);
            foreach (var (row, values) in _rows)
                TestContext.Out.WriteLine($"| {row} | {Median(values):F1} | {string.Join(", ", values.Select(v => v.ToString("F1")))} |");
            TestContext.Out.WriteLine($"end {DateTime.UtcNow:u}, load average {LoadAverage()}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private void PutsGetsAndList(string image)
    {
        var disk = new QemuDiskOptions(image, VirtioTransport.Modern, DiskCache.None);
        using var machine = ZosBlockBench.Start(disk);
        ZosBlockBench.WaitUntilIdentified(machine, disk);
        machine.Command("kv format blk0 erase");
        for (int round = 1; round <= Rounds; round++)
        {
            double raw = Bench(machine, $"kv bench raw {RawMilliseconds}", "bench: raw ", "round_trips_per_s");
            Add("raw write+flush round trips/s (one sector)", raw);
            foreach (var (writers, bytes) in PutRows)
            {
                // A fresh store each time: every put is of a new key into an empty log.
                Assert.That(machine.Command("kv close"), Does.StartWith("closed: blk0"));
                Assert.That(machine.Command("kv format blk0 erase"), Does.StartWith("formatted: blk0"));
                var fields = Fields(machine, $"kv bench puts {writers} {bytes} {PutMilliseconds}", "bench: puts ");
                double puts = double.Parse(fields["puts_per_s"]);
                string row = $"durable puts/s, {bytes} B, {writers} writer{(writers == 1 ? "" : "s")}";
                Add(row, puts);
                Add(row + " ÷ raw", puts / raw);
                Add(row + ": puts per flush", double.Parse(fields["puts"]) / double.Parse(fields["flushes"]));
            }
        }

        machine.Command("kv close");
        machine.Command("kv format blk0 erase");
        Fields(machine, $"kv bench fill {FillKeys} {ValueBytes}", "bench: fill ");
        for (int round = 1; round <= Rounds; round++)
        {
            Add($"gets/s, {FillKeys} keys of {ValueBytes} B, value cache (all cached)", Bench(machine, $"kv bench gets {CachedGets}", "bench: gets ", "gets_per_s"));
            Add($"gets/s, {FillKeys} keys of {ValueBytes} B, from the device (GetFromDevice)",
                Bench(machine, $"kv bench gets {UncachedGets} uncached", "bench: gets ", "gets_per_s"));
            var list = Fields(machine, $"kv bench list {ListPrefix} {ListWalks}", "bench: list ");
            Assert.That(list["keys"], Is.EqualTo("10000"));
            Add("list 10,000 keys, ms", double.Parse(list["us_per_walk"]) / 1000);
        }
        TestContext.Out.WriteLine(machine.Command("mem"));
        ZosBlockBench.AssertNoWarnings(machine, disk);
    }

    // The mount row: a store of 1 million 100-byte values, filled on the host by `kv bench fill`'s own
    // code over the image file (minutes faster than under TCG; the same store format), then `kv open` in
    // Zos. At the standard 256 MiB the index may not fit the kernel heap: then the error is recorded, the
    // heap each key takes is measured on a smaller store, and the largest store that then fits is tried.
    private void Mounts(string folder)
    {
        string million = HostFilled(folder, MillionKeys);
        string? failure = TryMount(million, MillionKeys, [], out _);
        if (failure is not null)
        {
            TestContext.Out.WriteLine($"1M keys at 256 MiB: {failure}");
            const int Smaller = 250_000;
            Assert.That(TryMount(HostFilled(folder, Smaller), Smaller, [], out double perKey), Is.Null, "a quarter of the keys mounts");
            int largest = (int)(Largest(perKey) / 10_000) * 10_000;
            TestContext.Out.WriteLine($"heap per key {perKey:F0} bytes: {largest} keys should fit");
            string? again = TryMount(HostFilled(folder, largest), largest, [], out _);
            TestContext.Out.WriteLine($"{largest} keys at 256 MiB: {again ?? "mounted"}");
        }
        // The million with more memory, Rounds boots.
        for (int round = 1; round <= Rounds; round++)
            Assert.That(TryMount(million, MillionKeys, ["-m", "1G"], out _), Is.Null, "1M keys mount with 1 GiB");
    }

    // The keys a mount can hold: the kernel lets a store's index take half the heap free when it opens
    // (ZosMain's IndexMemoryLimit), less a little for what the boot and the shell hold by then.
    private double _heapFreeAtBoot;

    private double Largest(double bytesPerKey) => _heapFreeAtBoot * 0.45 / bytesPerKey;

    // Boots Zos on the image and opens its store. Null when it mounted (the mount time recorded), else
    // the store's refusal, or what Zos said before it ended. bytesPerKey: the heap the open store holds per key.
    private string? TryMount(string image, int keys, string[] memory, out double bytesPerKey)
    {
        bytesPerKey = 0;
        var disk = new QemuDiskOptions(image, VirtioTransport.Modern, DiskCache.None);
        using var machine = ZosMachine.Start([.. disk.Arguments(), .. memory]);
        machine.WaitForPrompt();
        ZosBlockBench.WaitUntilIdentified(machine, disk);
        double before = HeapAfterCollection(machine);
        if (memory.Length == 0)
            _heapFreeAtBoot = double.Parse(DriverShell.Fields(machine.Command("mem").Replace(": ", "="))["heap_free_bytes"]);
        int from = machine.Output.Length;
        string? opened = machine.BenchmarkCommandUnlessItEnds("kv open blk0", LongCommand);
        if (opened is null)
        {
            string said = machine.Output[from..];
            return "Zos ended: " + (said.Length > 2000 ? said[^2000..] : said);
        }
        if (opened.StartsWith("error: ")) return "refused: " + opened.Trim();
        var stats = DriverShell.Fields(machine.Command("kv stats").Replace(": ", "="));
        Assert.That(stats["keys"], Is.EqualTo(keys.ToString()));
        bytesPerKey = (HeapAfterCollection(machine) - before) / keys;
        string size = memory.Length == 0 ? "256 MiB" : string.Join(" ", memory);
        TestContext.Out.WriteLine($"mount {keys} keys ({size}): mount_us={stats["mount_us"]}, heap {bytesPerKey:F0} bytes per key");
        Add($"mount {keys:N0} keys, ms ({size})", double.Parse(stats["mount_us"]) / 1000);
        return null;
    }

    private static double HeapAfterCollection(ZosMachine machine) =>
        double.Parse(DriverShell.Fields(machine.Command("gc").Replace(": ", "="))["heap_used_after_bytes"]);

    // An image holding a store of `keys` keys fill/<n> of ValueBytes bytes, filled by KeyValueBench's fill.
    private static string HostFilled(string folder, int keys)
    {
        string path = Path.Combine(folder, $"mount-{keys}.img");
        if (File.Exists(path)) return path;
        long bytes = ((long)keys * 160 + (64L << 20)) / (1 << 20) * (1 << 20);
        using (var file = File.Create(path)) file.SetLength(bytes);
        using var storage = ImageFileStorage.Open(path, writable: true, out string? error) ?? throw new IOException(error);
        KeyValueStore store = KeyValueStore.Format(storage, 0x4B5642454E4348, out error) ?? throw new IOException(error);
        var output = new BufferSink();
        Assert.That(KeyValueBench.Run(store, storage, new HostClock(), ["bench", "fill", keys.ToString(), ValueBytes.ToString()], output), Is.Null);
        Assert.That(store.Close(), Is.Null);
        TestContext.Out.WriteLine($"host fill: {output.Text.ToString().Trim()}");
        return path;
    }

    private double Bench(ZosMachine machine, string command, string prefix, string field) => double.Parse(Fields(machine, command, prefix)[field]);

    private static Dictionary<string, string> Fields(ZosMachine machine, string command, string prefix)
    {
        string answer = machine.BenchmarkCommand(command, LongCommand);
        string? line = DriverShell.Line(answer, prefix);
        Assert.That(line, Is.Not.Null, $"{command}:\n{answer}");
        TestContext.Out.WriteLine(line);
        return DriverShell.Fields(line!);
    }

    private void Add(string row, double value)
    {
        if (!_rows.TryGetValue(row, out var values)) _rows[row] = values = [];
        values.Add(value);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    private sealed class HostClock : IMonotonicClock
    {
        public ulong NowNanoseconds => (ulong)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }
}
