using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~AhciBenchmark" --logger "console;verbosity=detailed"
// The AHCI rows of docs/benchmarks.md (issue 12): every BlockBenchJob on a disk on port 0 of q35's
// ich9-ahci, with cache=none and cache=writeback, Linux's own ahci driver (libata, sd_mod; Debian's
// generic kernel, the cloud one has no AHCI) against Zos's, interleaved (BlockBenchComparison).
[Explicit, Category("benchmark")]
public class AhciBenchmark
{
    private const int SecondsPerJob = 4;
    private const int Rounds = 3;
    private const int CrashesUnderLoad = 5;

    public static IEnumerable<QemuDiskOptions> Disks(string image) =>
        from cache in new[] { DiskCache.None, DiskCache.Writeback }
        select QemuDiskOptions.Ahci(image, cache);

    [Test]
    public void ZosAndLinux() => BlockBenchComparison.ZosAndLinux(LinuxDiskDriver.Ahci, Disks(Image()).ToList(), Rounds, SecondsPerJob);

    // The same with Linux told to start one CPU of the two (maxcpus=1), as Zos starts one: on the
    // shared 2-core host, a guest whose work hops between two vCPUs (a completion on one, its
    // submitter woken on the other) waits for the host to schedule both threads.
    [Test]
    public void LinuxOnOneCpu() =>
        BlockBenchComparison.ZosAndLinux(LinuxDiskDriver.Ahci, Disks(Image()).ToList(), Rounds, SecondsPerJob, linuxKernelArguments: "maxcpus=1");

    // The Zos column alone (a quick check of a driver change, about 3 minutes).
    [Test]
    public void Zos() => BlockBenchComparison.ZosOnly(Disks(Image()).ToList(), Rounds, SecondsPerJob);

    // The driver throws halfway through a 4 KiB depth-32 random read, CrashesUnderLoad times.
    [Test]
    public void RestartLatencyUnderLoad() =>
        BlockBenchComparison.RestartLatencyUnderLoad(Disks(Image()).Where(d => d.Cache == DiskCache.None), CrashesUnderLoad, SecondsPerJob);

    private static string Image() => BlockBenchComparison.CreateImage("ahci-bench.img");
}
