using System.Text;
using Zos.Build;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~IommuBenchmark" --logger "console;verbosity=detailed"
// Issue 17's cost rows: the standard block jobs on q35 with intel-iommu, Zos booted with VT-d
// translation on (the default) and off (kernel option iommu=off), everything else the same,
// interleaved, the order alternating by round; medians and on/off ratios. Each boot checks
// which mode it runs in (`iommu`'s first line), and every job the guest's clock against the host's.
[Explicit, Category("benchmark")]
public class IommuBenchmark
{
    private const int Rounds = 3;
    private const int SecondsPerJob = 4;

    [TestCase(DiskController.Nvme)]
    [TestCase(DiskController.Ahci)]
    public void TranslationOffAndOn(DiskController controller)
    {
        string image = BlockBenchComparison.CreateImage("iommu-bench.img");
        QemuDiskOptions disk = controller == DiskController.Nvme ? QemuDiskOptions.Nvme(image, DiskCache.None) : QemuDiskOptions.Ahci(image, DiskCache.None);
        // NVMe's options name no machine; AHCI's already ask for q35.
        string[] machine = controller == DiskController.Nvme ? ["-machine", "q35", "-device", "intel-iommu"] : ["-device", "intel-iommu"];
        var jobs = BlockBenchJob.Standard;
        var off = new List<IReadOnlyList<BlockBenchResult>>();
        var on = new List<IReadOnlyList<BlockBenchResult>>();
        for (int round = 0; round < Rounds; round++)
        {
            Action[] sides =
            [
                () => off.Add(Run(disk, jobs, [.. machine, "-fw_cfg", "name=opt/zos/options,string=iommu=off"], "dma: unchecked: turned off", round, "off")),
                () => on.Add(Run(disk, jobs, machine, "dma: checked by VT-d", round, "on")),
            ];
            if (round % 2 == 1) Array.Reverse(sides);
            foreach (var side in sides) side();
        }
        var table = new StringBuilder("| disk | job | off IOPS | on IOPS | off p50 / p99 (µs) | on p50 / p99 (µs) | on / off |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var job in jobs)
        {
            BlockBenchResult o = BlockBenchComparison.Medians(off, job)!, n = BlockBenchComparison.Medians(on, job)!;
            table.AppendLine($"| {disk.Describe()} | {job.Describe()} | {o.Iops:F0} | {n.Iops:F0} | {o.P50LatencyMicroseconds:F0} / {o.P99LatencyMicroseconds:F0} | "
                + $"{n.P50LatencyMicroseconds:F0} / {n.P99LatencyMicroseconds:F0} | {n.Iops / o.Iops:F2} |");
        }
        TestContext.Out.WriteLine(table.ToString());
    }

    private static IReadOnlyList<BlockBenchResult> Run(QemuDiskOptions disk, IReadOnlyList<BlockBenchJob> jobs, string[] arguments, string mode, int round, string side)
    {
        var results = ZosBlockBench.Run(disk, jobs, SecondsPerJob, arguments,
            machine => Assert.That(machine.Command("iommu"), Does.StartWith(mode), $"round {round + 1}, translation {side}"),
            machine => TestContext.Out.WriteLine($"round {round + 1}, translation {side}: {DriverShell.Line(machine.Command("iommu"), "mapping_cost: ") ?? "no mappings"}"));
        foreach (var result in results) TestContext.Out.WriteLine($"round {round + 1}, translation {side}, {disk.Describe()}: {result}");
        return results;
    }
}
