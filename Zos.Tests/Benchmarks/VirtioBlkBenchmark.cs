using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Zos.Build;
using Zos.Tests.Benchmarks.Linux;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~VirtioBlkBenchmark" --logger "console;verbosity=detailed"
// The virtio-blk rows of docs/benchmarks.md (issue 5): every BlockBenchJob on every disk
// configuration, measured with Linux's own virtio_blk driver (LinuxGuest: fio, libaio, O_DIRECT)
// and with Zos's (ZosBlockBench: `blk bench` through the block service), both booted in the same
// QEMU machine with the same QemuDiskOptions, the two interleaved.
[Explicit, Category("benchmark")]
public class VirtioBlkBenchmark
{
    private const int SecondsPerJob = 4;
    // Each configuration is booted this many times per side, the configurations and the sides
    // interleaved, and the median reported: single runs under TCG swing by a third.
    private const int Rounds = 3;
    private const int CrashesUnderLoad = 5;

    public static IEnumerable<QemuDiskOptions> Disks(string image) =>
        from transport in new[] { VirtioTransport.Modern, VirtioTransport.Legacy }
        from cache in new[] { DiskCache.None, DiskCache.Writeback }
        select new QemuDiskOptions(image, transport, cache);

    // One round: for each configuration, a Linux boot and a Zos boot, which goes first alternating
    // from round to round so that neither side always runs right after the other's disk traffic.
    [Test]
    public void ZosAndLinux()
    {
        var packages = DebianPackageCache.Default();
        var guest = LinuxGuest.Build(packages, BlockBenchJob.Standard, SecondsPerJob);
        string image = CreateImage(packages.CacheDirectory);
        TestContext.Out.WriteLine($"Linux guest: {guest.KernelPackage}, fio over libaio with O_DIRECT; Zos: blk bench through the block service; "
            + $"{SecondsPerJob} s per job after a {BlockBenchJob.RampSeconds} s ramp, image {image}");

        var watch = Stopwatch.StartNew();
        var disks = Disks(image).ToList();
        var linux = disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>());
        var zos = disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>());
        for (int round = 0; round < Rounds; round++)
            foreach (var disk in disks)
            {
                Action[] sides = [() => linux[disk].Add(RunLinux(guest, disk, round)), () => zos[disk].Add(RunZos(disk, round))];
                if (round % 2 == 1) Array.Reverse(sides);
                foreach (var side in sides) side();
            }
        TestContext.Out.WriteLine($"{Rounds} rounds of {disks.Count} x 2 boots took {watch.Elapsed.TotalSeconds:F0} s");
        TestContext.Out.WriteLine(Table(disks, linux, zos));
    }

    // The Zos column alone (a quick check of a driver change, about 4 minutes).
    [Test]
    public void Zos()
    {
        string image = CreateImage(DebianPackageCache.Default().CacheDirectory);
        var disks = Disks(image).ToList();
        var zos = disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>());
        for (int round = 0; round < Rounds; round++)
            foreach (var disk in disks) zos[disk].Add(RunZos(disk, round));
        TestContext.Out.WriteLine(Table(disks, disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>()), zos));
    }

    // The driver crashes (throws) halfway through a 4 KiB depth-32 random read, CrashesUnderLoad
    // times: the restart latency the supervisor reports (crash -> Running), and what the client saw.
    [Test]
    public void RestartLatencyUnderLoad()
    {
        string image = CreateImage(DebianPackageCache.Default().CacheDirectory);
        var job = BlockBenchJob.Standard.Single(j => j.Name == "rand-read-4k-qd32");
        foreach (var disk in Disks(image).Where(d => d.Cache == DiskCache.None))
        {
            using var machine = ZosMachine.Start(disk.Arguments());
            machine.WaitForPrompt();
            ZosBlockBench.WaitUntilIdentified(machine);
            var latencies = new List<double>();
            for (int crash = 0; crash < CrashesUnderLoad; crash++)
            {
                string answer = machine.BenchmarkCommand(job.ZosBenchCommand(ZosBlockBench.Device, SecondsPerJob) + " crash");
                Assert.That(answer, Does.Contain("crash: injected throw"), answer);
                var result = ZosBenchLine.Parse(answer, job.Name);
                string drivers = machine.Command("drivers");
                Assert.That(drivers, Does.Contain("state=Running"), drivers);
                // More than one restart per injected crash is reported, not hidden: the crash records say why.
                int incarnation = int.Parse(Regex.Match(drivers, @"driver blk0 .* incarnation=(\d+) ").Groups[1].Value, CultureInfo.InvariantCulture);
                if (incarnation != crash + 2) TestContext.Out.WriteLine($"incarnation {incarnation} after {crash + 1} injected crashes:\n{drivers}");
                double restart = double.Parse(Regex.Match(drivers, @" restart_latency_us=(\d+) ").Groups[1].Value, CultureInfo.InvariantCulture);
                string maximum = Regex.Match(answer, @" max_us=(\d+)").Groups[1].Value;
                latencies.Add(restart);
                TestContext.Out.WriteLine($"{disk.Describe()}, crash {crash + 1}: restart latency {restart} us; client: {result.Iops:F0} IOPS, "
                    + $"p99 {result.P99LatencyMicroseconds} us, max {maximum} us");
            }
            latencies.Sort();
            TestContext.Out.WriteLine($"{disk.Describe()}: restart latency under load median {latencies[latencies.Count / 2]} us "
                + $"(min {latencies[0]}, max {latencies[^1]})");
        }
    }

    private static string CreateImage(string directory)
    {
        string image = Path.Combine(directory, "virtio-blk-bench.img");
        BenchmarkDiskImage.Create(image);
        return image;
    }

    private static IReadOnlyList<BlockBenchResult> RunLinux(LinuxGuest guest, QemuDiskOptions disk, int round)
    {
        var run = guest.Run(disk);
        Assert.That(run.PciDeviceId, Is.EqualTo(disk.PciDeviceId), $"{disk.Describe()}: the guest saw the wrong virtio transport");
        Assert.That(run.Sectors * 512, Is.EqualTo(BenchmarkDiskImage.DefaultSize), $"{disk.Describe()}: disk size");
        foreach (var result in run.Results) TestContext.Out.WriteLine($"round {round + 1}, Linux, {disk.Describe()}: {result}");
        return run.Results;
    }

    private static IReadOnlyList<BlockBenchResult> RunZos(QemuDiskOptions disk, int round)
    {
        var results = ZosBlockBench.Run(disk, BlockBenchJob.Standard, SecondsPerJob);
        foreach (var result in results) TestContext.Out.WriteLine($"round {round + 1}, Zos, {disk.Describe()}: {result}");
        return results;
    }

    // The markdown rows for docs/benchmarks.md: medians over the rounds; a side without runs shows "-".
    private static string Table(List<QemuDiskOptions> disks, Dictionary<QemuDiskOptions, List<IReadOnlyList<BlockBenchResult>>> linux,
        Dictionary<QemuDiskOptions, List<IReadOnlyList<BlockBenchResult>>> zos)
    {
        var table = new StringBuilder("| disk | job | Linux MiB/s | Zos MiB/s | Linux IOPS | Zos IOPS | Linux p50 / p99 (µs) | Zos p50 / p99 (µs) | Zos / Linux |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var disk in disks)
            foreach (var job in BlockBenchJob.Standard)
            {
                var l = Medians(linux[disk], job);
                var z = Medians(zos[disk], job);
                string ratio = l is null || z is null ? "-" : $"{z.Iops / l.Iops:F2}";
                table.AppendLine($"| {disk.Describe()} | {job.Describe()} | {Show(l, r => $"{r.MebibytesPerSecond:F1}")} | {Show(z, r => $"{r.MebibytesPerSecond:F1}")} | "
                    + $"{Show(l, r => $"{r.Iops:F0}")} | {Show(z, r => $"{r.Iops:F0}")} | "
                    + $"{Show(l, r => $"{r.P50LatencyMicroseconds:F0} / {r.P99LatencyMicroseconds:F0}")} | "
                    + $"{Show(z, r => $"{r.P50LatencyMicroseconds:F0} / {r.P99LatencyMicroseconds:F0}")} | {ratio} |");
            }
        return table.ToString();
    }

    // Each measure's median over the runs, separately.
    private static BlockBenchResult? Medians(List<IReadOnlyList<BlockBenchResult>> runs, BlockBenchJob job)
    {
        if (runs.Count == 0) return null;
        var results = runs.Select(run => run.Single(r => r.Job == job.Name)).ToList();
        double Median(Func<BlockBenchResult, double> measure) => results.Select(measure).Order().ElementAt(results.Count / 2);
        return new BlockBenchResult(job.Name, Median(r => r.BytesPerSecond), Median(r => r.Iops), Median(r => r.MeanLatencyMicroseconds),
            Median(r => r.P50LatencyMicroseconds), Median(r => r.P99LatencyMicroseconds));
    }

    private static string Show(BlockBenchResult? result, Func<BlockBenchResult, string> format) => result is null ? "-" : format(result);
}
