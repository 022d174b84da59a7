using System.Text.RegularExpressions;
using Zos.Build;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// The Zos side of the virtio-blk comparison: boots Zos with the disk (the same
// QemuDiskOptions the Linux guest gets) and runs each job with `blk bench`
// through the block service's client API (BlockClient: requests of the job's
// size, split by the block service to the driver's limits, copied through the
// driver's bounce buffers).
public static class ZosBlockBench
{
    public const string Device = "blk0";
    private static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(20);

    public static List<BlockBenchResult> Run(QemuDiskOptions disk, IReadOnlyList<BlockBenchJob> jobs, int secondsPerJob)
    {
        using var machine = ZosMachine.Start(disk.Arguments());
        machine.WaitForPrompt();
        string device = WaitUntilIdentified(machine);
        string transport = disk.Transport == VirtioTransport.Modern ? "modern" : "legacy";
        Assert.That(device, Does.Contain($"transport=\"{transport} "), $"{disk.Describe()}: Zos saw the wrong virtio transport");
        Assert.That(device, Does.Contain($" sectors={BenchmarkDiskImage.DefaultSize / 512} "), $"{disk.Describe()}: disk size");
        var results = jobs.Select(job => ZosBenchLine.Parse(machine.BenchmarkCommand(job.ZosBenchCommand(Device, secondsPerJob)), job.Name)).ToList();
        BlkTests.AssertNoVirtioWarnings(machine);
        return results;
    }

    // The `blk` line of the device once the block service knows its size.
    public static string WaitUntilIdentified(ZosMachine machine)
    {
        var deadline = DateTime.UtcNow + IdentifyTimeout;
        while (true)
        {
            string line = Regex.Match(machine.Command("blk"), $@"(?m)^{Device} .*$").Value;
            if (line.Contains(" sectors=")) return line;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{Device} was not identified within {IdentifyTimeout.TotalSeconds} s: '{line}'\n{machine.Output}");
            Thread.Sleep(100);
        }
    }
}
