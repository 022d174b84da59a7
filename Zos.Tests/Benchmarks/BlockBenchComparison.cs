using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Zos.Build;
using Zos.Tests.Benchmarks.Linux;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// What the block benchmarks of docs/benchmarks.md share, whatever the disk's controller
// (VirtioBlkBenchmark, AhciBenchmark, NvmeBenchmark): every BlockBenchJob on every disk configuration,
// measured with Linux's own driver (LinuxGuest: fio, libaio, O_DIRECT) and with Zos's
// (ZosBlockBench: `blk bench` through the block service), both booted in the same QEMU
// machine with the same QemuDiskOptions, the two interleaved; and the driver crashing
// under load.
public static class BlockBenchComparison
{
    // Each configuration is booted `rounds` times per side, the configurations and the sides
    // interleaved, and the median reported: single runs under TCG swing by a third. In each
    // round, for each configuration, a Linux boot and a Zos boot; which goes first alternates
    // from round to round so that neither side always runs right after the other's disk traffic.
    // linuxKernelArguments: added to the Linux guest's command line ("maxcpus=1"); jobs: the
    // rows, BlockBenchJob.Standard unless given.
    public static void ZosAndLinux(LinuxDiskDriver driver, IReadOnlyList<QemuDiskOptions> disks, int rounds, int secondsPerJob,
        string linuxKernelArguments = "", IReadOnlyList<BlockBenchJob>? jobs = null)
    {
        jobs ??= BlockBenchJob.Standard;
        var packages = DebianPackageCache.Default();
        var guest = LinuxGuest.Build(packages, driver, jobs, secondsPerJob, linuxKernelArguments);
        TestContext.Out.WriteLine($"Linux guest: {guest.KernelPackage} ({guest.CommandLine}) with its {driver.Name} driver on {driver.DevicePath}, fio over libaio "
            + $"with O_DIRECT; Zos: blk bench through the block service; {secondsPerJob} s per job after a {BlockBenchJob.RampSeconds} s ramp, "
            + $"{rounds} interleaved rounds, image {disks[0].Image}");

        var watch = Stopwatch.StartNew();
        var linux = disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>());
        var zos = disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>());
        for (int round = 0; round < rounds; round++)
            foreach (var disk in disks)
            {
                int number = round + 1;
                Action[] sides = [() => linux[disk].Add(RunLinux(guest, disk, number)), () => zos[disk].Add(RunZos(disk, jobs, number, secondsPerJob))];
                if (round % 2 == 1) Array.Reverse(sides);
                foreach (var side in sides) side();
            }
        TestContext.Out.WriteLine($"{rounds} rounds of {disks.Count} x 2 boots took {watch.Elapsed.TotalSeconds:F0} s");
        TestContext.Out.WriteLine(Table(disks, jobs, linux, zos));
    }

    // The Zos column alone (a quick check of a driver change).
    public static void ZosOnly(IReadOnlyList<QemuDiskOptions> disks, int rounds, int secondsPerJob, IReadOnlyList<BlockBenchJob>? jobs = null)
    {
        jobs ??= BlockBenchJob.Standard;
        var zos = disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>());
        for (int round = 0; round < rounds; round++)
            foreach (var disk in disks) zos[disk].Add(RunZos(disk, jobs, round + 1, secondsPerJob));
        TestContext.Out.WriteLine(Table(disks, jobs, disks.ToDictionary(disk => disk, _ => new List<IReadOnlyList<BlockBenchResult>>()), zos));
    }

    // The driver crashes (throws) halfway through a 4 KiB depth-32 random read, `crashes`
    // times per disk: the restart latency the supervisor reports (crash -> Running), and what
    // the client saw: IOPS over the run and its slowest request, the one the crash held up.
    public static void RestartLatencyUnderLoad(IEnumerable<QemuDiskOptions> disks, int crashes, int secondsPerJob)
    {
        var job = BlockBenchJob.Standard.Single(j => j.Name == "rand-read-4k-qd32");
        foreach (var disk in disks)
        {
            string device = ZosDiskNames.Device(disk), driver = ZosDiskNames.Driver(disk);
            using var machine = ZosBlockBench.Start(disk);
            ZosBlockBench.WaitUntilIdentified(machine, disk);
            var latencies = new List<double>();
            var iops = new List<double>();
            var maxima = new List<double>();
            for (int crash = 0; crash < crashes; crash++)
            {
                string answer = machine.BenchmarkCommand(job.ZosBenchCommand(device, secondsPerJob) + " crash");
                Assert.That(answer, Does.Contain("crash: injected throw"), answer);
                var result = ZosBenchLine.Parse(answer, job.Name);
                string drivers = machine.Command("drivers");
                Assert.That(drivers, Does.Contain("state=Running"), drivers);
                // More than one restart per injected crash is reported, not hidden: the crash records say why.
                int incarnation = int.Parse(Regex.Match(drivers, $@"driver {driver} .* incarnation=(\d+) ").Groups[1].Value, CultureInfo.InvariantCulture);
                if (incarnation != crash + 2) TestContext.Out.WriteLine($"incarnation {incarnation} after {crash + 1} injected crashes:\n{drivers}");
                double restart = double.Parse(Regex.Match(drivers, $@"driver {driver} .* restart_latency_us=(\d+) ").Groups[1].Value, CultureInfo.InvariantCulture);
                double maximum = double.Parse(Regex.Match(answer, @" max_us=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
                latencies.Add(restart);
                iops.Add(result.Iops);
                maxima.Add(maximum);
                TestContext.Out.WriteLine($"{disk.Describe()}, crash {crash + 1}: restart latency {restart} us; client: {result.Iops:F0} IOPS, "
                    + $"p99 {result.P99LatencyMicroseconds} us, max {maximum} us");
            }
            ZosBlockBench.AssertNoWarnings(machine, disk, crashedUnderLoad: true);
            int cutOff = machine.Errors.Split('\n').Count(NvmeTests.IsDmaCutOff);
            if (cutOff > 0) TestContext.Out.WriteLine($"{disk.Describe()}: QEMU traced {cutOff} DMA failures and fatal statuses of commands in flight when the recovery turned bus mastering off");
            latencies.Sort();
            TestContext.Out.WriteLine($"{disk.Describe()}: restart latency under load median {latencies[latencies.Count / 2]} us "
                + $"(min {latencies[0]}, max {latencies[^1]}); client IOPS {iops.Min():F0}-{iops.Max():F0}, "
                + $"max request latency {maxima.Min()}-{maxima.Max()} us");
        }
    }

    // The 256 MiB image of pseudo-random bytes both sides read and write, in the package cache's directory.
    public static string CreateImage(string name)
    {
        string image = Path.Combine(DebianPackageCache.Default().CacheDirectory, name);
        BenchmarkDiskImage.Create(image);
        return image;
    }

    private static IReadOnlyList<BlockBenchResult> RunLinux(LinuxGuest guest, QemuDiskOptions disk, int round)
    {
        var run = guest.Run(disk);
        Assert.That(run.PciDeviceId, Is.EqualTo(disk.PciDeviceId), $"{disk.Describe()}: the guest's disk is not behind the expected PCI device");
        Assert.That(run.Sectors * 512, Is.EqualTo(BenchmarkDiskImage.DefaultSize), $"{disk.Describe()}: disk size");
        if (run.Queue is not null) TestContext.Out.WriteLine($"round {round}, Linux, {disk.Describe()}: queue {run.Queue}");
        if (run.Interrupts is not null) TestContext.Out.WriteLine($"round {round}, Linux, {disk.Describe()}: interrupts {run.Interrupts}");
        foreach (var result in run.Results) TestContext.Out.WriteLine($"round {round}, Linux, {disk.Describe()}: {result}");
        return run.Results;
    }

    private static IReadOnlyList<BlockBenchResult> RunZos(QemuDiskOptions disk, IReadOnlyList<BlockBenchJob> jobs, int round, int secondsPerJob)
    {
        var results = ZosBlockBench.Run(disk, jobs, secondsPerJob);
        foreach (var result in results) TestContext.Out.WriteLine($"round {round}, Zos, {disk.Describe()}: {result}");
        return results;
    }

    // The markdown rows for docs/benchmarks.md: medians over the rounds; a side without runs shows "-".
    public static string Table(IReadOnlyList<QemuDiskOptions> disks, IReadOnlyList<BlockBenchJob> jobs, Dictionary<QemuDiskOptions, List<IReadOnlyList<BlockBenchResult>>> linux,
        Dictionary<QemuDiskOptions, List<IReadOnlyList<BlockBenchResult>>> zos)
    {
        var table = new StringBuilder("| disk | job | Linux MiB/s | Zos MiB/s | Linux IOPS | Zos IOPS | Linux p50 / p99 (µs) | Zos p50 / p99 (µs) | Zos / Linux |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var disk in disks)
            foreach (var job in jobs)
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
    public static BlockBenchResult? Medians(List<IReadOnlyList<BlockBenchResult>> runs, BlockBenchJob job)
    {
        if (runs.Count == 0) return null;
        var results = runs.Select(run => run.Single(r => r.Job == job.Name)).ToList();
        double Median(Func<BlockBenchResult, double> measure) => results.Select(measure).Order().ElementAt(results.Count / 2);
        return new BlockBenchResult(job.Name, Median(r => r.BytesPerSecond), Median(r => r.Iops), Median(r => r.MeanLatencyMicroseconds),
            Median(r => r.P50LatencyMicroseconds), Median(r => r.P99LatencyMicroseconds));
    }

    private static string Show(BlockBenchResult? result, Func<BlockBenchResult, string> format) => result is null ? "-" : format(result);
}
