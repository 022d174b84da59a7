using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~VirtioBlkBenchmark" --logger "console;verbosity=detailed"
// The virtio-blk rows of docs/benchmarks.md (issue 5): every BlockBenchJob on every disk
// configuration (modern and legacy transport, cache=none and writeback), Linux's own virtio_blk
// driver on Debian's cloud kernel against Zos's, interleaved (BlockBenchComparison).
[Explicit, Category("benchmark")]
public class VirtioBlkBenchmark
{
    private const int SecondsPerJob = 4;
    private const int Rounds = 3;
    private const int CrashesUnderLoad = 5;

    public static IEnumerable<QemuDiskOptions> Disks(string image) =>
        from transport in new[] { VirtioTransport.Modern, VirtioTransport.Legacy }
        from cache in new[] { DiskCache.None, DiskCache.Writeback }
        select new QemuDiskOptions(image, transport, cache);

    [Test]
    public void ZosAndLinux() => BlockBenchComparison.ZosAndLinux(LinuxDiskDriver.VirtioBlk, Disks(Image()).ToList(), Rounds, SecondsPerJob);

    // The Zos column alone (a quick check of a driver change, about 4 minutes).
    [Test]
    public void Zos() => BlockBenchComparison.ZosOnly(Disks(Image()).ToList(), Rounds, SecondsPerJob);

    // The driver throws halfway through a 4 KiB depth-32 random read, CrashesUnderLoad times per transport.
    [Test]
    public void RestartLatencyUnderLoad() =>
        BlockBenchComparison.RestartLatencyUnderLoad(Disks(Image()).Where(d => d.Cache == DiskCache.None), CrashesUnderLoad, SecondsPerJob);

    private static string Image() => BlockBenchComparison.CreateImage("virtio-blk-bench.img");
}
