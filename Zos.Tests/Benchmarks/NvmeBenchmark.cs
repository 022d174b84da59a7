using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~NvmeBenchmark" --logger "console;verbosity=detailed"
// The NVMe rows of docs/benchmarks.md (issue 13): every BlockBenchJob.WithDepth128 on namespace 1
// of QEMU's nvme, with cache=none and cache=writeback, Linux's own nvme driver (built into Debian's
// cloud kernel) against Zos's, interleaved (BlockBenchComparison).
[Explicit, Category("benchmark")]
public class NvmeBenchmark() : DiskBenchmark(LinuxDiskDriver.Nvme, "nvme-bench.img",
    image => BothCaches.Select(cache => QemuDiskOptions.Nvme(image, cache)), BlockBenchJob.WithDepth128);
