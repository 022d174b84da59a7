using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~AhciBenchmark" --logger "console;verbosity=detailed"
// The AHCI rows of docs/benchmarks.md (issue 12): every BlockBenchJob on a disk on port 0 of q35's
// ich9-ahci, with cache=none and cache=writeback, Linux's own ahci driver (libata, sd_mod; Debian's
// generic kernel, the cloud one has no AHCI) against Zos's, interleaved (BlockBenchComparison).
[Explicit, Category("benchmark")]
public class AhciBenchmark() : DiskBenchmark(LinuxDiskDriver.Ahci, "ahci-bench.img",
    image => BothCaches.Select(cache => QemuDiskOptions.Ahci(image, cache)))
{
    // The same with Linux told to start one CPU of the two (maxcpus=1), as Zos starts one: on the
    // shared 2-core host, a guest whose work hops between two vCPUs (a completion on one, its
    // submitter woken on the other) waits for the host to schedule both threads.
    [Test]
    public void LinuxOnOneCpu() => BlockBenchComparison.ZosAndLinux(LinuxDriver, Disks(), Rounds, SecondsPerJob, linuxKernelArguments: "maxcpus=1");
}
