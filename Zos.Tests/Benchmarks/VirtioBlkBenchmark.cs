using System.Diagnostics;
using System.Text;
using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~VirtioBlkBenchmark" --logger "console;verbosity=detailed"
// The virtio-blk rows of docs/benchmarks.md (issue 5): every BlockBenchJob on every disk
// configuration, measured with Linux's own virtio_blk driver (LinuxGuest). The Zos side runs
// the same jobs with `blk bench` on disks made from the same QemuDiskOptions.
[Explicit, Category("benchmark")]
public class VirtioBlkBenchmark
{
    private const int SecondsPerJob = 4;
    // Each configuration is booted this many times, the configurations interleaved, and the
    // median reported: single runs under TCG swing by a third.
    private const int Rounds = 3;

    public static IEnumerable<QemuDiskOptions> Disks(string image) =>
        from transport in new[] { VirtioTransport.Modern, VirtioTransport.Legacy }
        from cache in new[] { DiskCache.None, DiskCache.Writeback }
        select new QemuDiskOptions(image, transport, cache);

    [Test]
    public void Linux()
    {
        var packages = DebianPackageCache.Default();
        var guest = LinuxGuest.Build(packages, BlockBenchJob.Standard, SecondsPerJob);
        string image = Path.Combine(packages.CacheDirectory, "virtio-blk-bench.img");
        BenchmarkDiskImage.Create(image);
        TestContext.Out.WriteLine($"Linux guest: {guest.KernelPackage}, fio over libaio with O_DIRECT, {SecondsPerJob} s per job after 1 s ramp, image {image}");

        var watch = Stopwatch.StartNew();
        var disks = Disks(image).ToList();
        var runs = disks.ToDictionary(disk => disk, _ => new List<LinuxGuestRun>());
        for (int round = 0; round < Rounds; round++)
            foreach (var disk in disks)
            {
                var run = guest.Run(disk);
                Assert.That(run.PciDeviceId, Is.EqualTo(disk.PciDeviceId), $"{disk.Describe()}: the guest saw the wrong virtio transport");
                Assert.That(run.Sectors * 512, Is.EqualTo(BenchmarkDiskImage.DefaultSize), $"{disk.Describe()}: disk size");
                foreach (var result in run.Results) TestContext.Out.WriteLine($"round {round + 1}, {disk.Describe()}: {result}");
                runs[disk].Add(run);
            }
        TestContext.Out.WriteLine($"{Rounds} rounds of {disks.Count} boots took {watch.Elapsed.TotalSeconds:F0} s");
        TestContext.Out.WriteLine(Table(runs));
        Assert.That(runs.Values.SelectMany(r => r).SelectMany(r => r.Results).Select(r => r.Iops), Has.All.GreaterThan(0));
    }

    // The markdown rows for docs/benchmarks.md: medians over the rounds, Zos column left empty.
    private static string Table(Dictionary<QemuDiskOptions, List<LinuxGuestRun>> runs)
    {
        var table = new StringBuilder("| disk | job | Linux MiB/s | Linux IOPS | Linux latency p50 / p99 (µs) | Zos |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var (disk, diskRuns) in runs)
            foreach (var job in BlockBenchJob.Standard)
            {
                var results = diskRuns.Select(run => run.Results.Single(r => r.Job == job.Name)).ToList();
                double Median(Func<BlockBenchResult, double> measure) => results.Select(measure).Order().ElementAt(results.Count / 2);
                table.AppendLine($"| {disk.Describe()} | {job.Describe()} | {Median(r => r.MebibytesPerSecond):F1} | {Median(r => r.Iops):F0} | "
                    + $"{Median(r => r.P50LatencyMicroseconds):F0} / {Median(r => r.P99LatencyMicroseconds):F0} | |");
            }
        return table.ToString();
    }
}
