using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// The tests every disk controller's benchmark has (VirtioBlkBenchmark, AhciBenchmark,
// NvmeBenchmark), given Linux's own driver for the disks, the image's file name in the
// package cache's directory, every configuration measured on that image, and the rows
// (BlockBenchJob.Standard unless given); BlockBenchComparison does the work. Each subclass
// is [Explicit] and in the "benchmark" category: run by name, never with the suite.
public abstract class DiskBenchmark(LinuxDiskDriver linuxDriver, string imageName, Func<string, IEnumerable<QemuDiskOptions>> disks,
    IReadOnlyList<BlockBenchJob>? jobs = null)
{
    protected const int SecondsPerJob = 4;
    protected const int Rounds = 3;
    protected const int CrashesUnderLoad = 5;

    public static readonly DiskCache[] BothCaches = [DiskCache.None, DiskCache.Writeback];

    protected LinuxDiskDriver LinuxDriver => linuxDriver;
    protected IReadOnlyList<BlockBenchJob> Jobs => jobs ?? BlockBenchJob.Standard;

    // Both sides, interleaved, Rounds boots each per configuration.
    [Test]
    public void ZosAndLinux() => BlockBenchComparison.ZosAndLinux(LinuxDriver, Disks(), Rounds, SecondsPerJob, jobs: Jobs);

    // The Zos column alone (a quick check of a driver change).
    [Test]
    public void Zos() => BlockBenchComparison.ZosOnly(Disks(), Rounds, SecondsPerJob, Jobs);

    // The driver throws halfway through a 4 KiB depth-32 random read, CrashesUnderLoad times per cache=none configuration.
    [Test]
    public void RestartLatencyUnderLoad() =>
        BlockBenchComparison.RestartLatencyUnderLoad(Disks().Where(d => d.Cache == DiskCache.None), CrashesUnderLoad, SecondsPerJob);

    protected List<QemuDiskOptions> Disks() => disks(BlockBenchComparison.CreateImage(imageName)).ToList();
}
