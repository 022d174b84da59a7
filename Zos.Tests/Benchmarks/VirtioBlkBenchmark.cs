using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~VirtioBlkBenchmark" --logger "console;verbosity=detailed"
// The virtio-blk rows of docs/benchmarks.md (issue 5): every BlockBenchJob on every disk
// configuration (modern and legacy transport, cache=none and writeback), Linux's own virtio_blk
// driver on Debian's cloud kernel against Zos's, interleaved (BlockBenchComparison).
[Explicit, Category("benchmark")]
public class VirtioBlkBenchmark() : DiskBenchmark(LinuxDiskDriver.VirtioBlk, "virtio-blk-bench.img",
    image => from transport in new[] { VirtioTransport.Modern, VirtioTransport.Legacy }
             from cache in BothCaches
             select new QemuDiskOptions(image, transport, cache));
