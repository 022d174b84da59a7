using System.Text.RegularExpressions;
using Zos.Build;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// The Zos side of a block comparison: boots Zos with the disk (the same
// QemuDiskOptions the Linux guest gets) and runs each job with `blk bench`
// through the block service's client API (BlockClient: requests of the job's
// size, split by the block service to the driver's limits, each part's slice
// of the client's buffer lent to the driver).
public static class ZosBlockBench
{
    private static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(20);

    // Zos booted with the disk, at its prompt. For NVMe, QEMU also traces its NVMe errors
    // (pci_nvme_err*: the only place it says what it refused) to stderr, for AssertNoWarnings.
    // extraArguments: more QEMU options (a device, the kernel's options).
    public static ZosMachine Start(QemuDiskOptions disk, params string[] extraArguments)
    {
        string[] trace = disk.Controller == DiskController.Nvme ? ["-trace", "pci_nvme_err*"] : [];
        var machine = ZosMachine.Start([.. trace, .. disk.Arguments(), .. extraArguments]);
        machine.WaitForPrompt();
        return machine;
    }

    // booted: looks at the machine before the jobs (what it must be running with); done: after them.
    public static List<BlockBenchResult> Run(QemuDiskOptions disk, IReadOnlyList<BlockBenchJob> jobs, int secondsPerJob,
        string[]? extraArguments = null, Action<ZosMachine>? booted = null, Action<ZosMachine>? done = null)
    {
        using var machine = Start(disk, extraArguments ?? []);
        booted?.Invoke(machine);
        string device = WaitUntilIdentified(machine, disk);
        Assert.That(device, Does.Contain($"transport=\"{ExpectedTransport(disk)}"), $"{disk.Describe()}: Zos drives the disk differently than expected");
        Assert.That(device, Does.Contain($" sectors={BenchmarkDiskImage.DefaultSize / 512} "), $"{disk.Describe()}: disk size");
        var results = jobs.Select(job => ZosBenchLine.Parse(machine.BenchmarkCommand(job.ZosBenchCommand(ZosDiskNames.Device(disk), secondsPerJob)), job.Name)).ToList();
        AssertNoWarnings(machine, disk);
        ReportRestarts(machine, disk);
        done?.Invoke(machine);
        return results;
    }

    // A driver that crashed and was restarted during the jobs still completes every request
    // (the block service replays the parts in flight), so the run counts, but it is said:
    // each restart is tens of milliseconds of no I/O, in the tail latencies and the throughput.
    public static void ReportRestarts(ZosMachine machine, QemuDiskOptions disk)
    {
        string drivers = machine.Command("drivers");
        string? line = DriverShell.Line(drivers, "driver " + ZosDiskNames.Driver(disk) + " ");
        Assert.That(line, Is.Not.Null, drivers);
        var fields = DriverShell.Fields(line!);
        if (fields["restarts"] == "0") return;
        TestContext.Out.WriteLine($"{disk.Describe()}: {ZosDiskNames.Driver(disk)} was restarted {fields["restarts"]} times during the jobs "
            + $"(crashes={fields["crashes"]}, restart_latency_max_us={fields["restart_latency_max_us"]}); last crash: "
            + (DriverShell.Line(drivers, "crash " + ZosDiskNames.Driver(disk) + " ") ?? "-"));
    }

    // The `blk` line of the device once the block service knows its size.
    public static string WaitUntilIdentified(ZosMachine machine, QemuDiskOptions disk)
    {
        string name = ZosDiskNames.Device(disk);
        var deadline = DateTime.UtcNow + IdentifyTimeout;
        while (true)
        {
            string line = Regex.Match(machine.Command("blk"), $@"(?m)^{name} .*$").Value;
            if (line.Contains(" sectors=")) return line;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{name} was not identified within {IdentifyTimeout.TotalSeconds} s: '{line}'\n{machine.Output}");
            Thread.Sleep(100);
        }
    }

    // What QEMU says on stderr about the device's protocol, if anything, fails the run.
    // crashedUnderLoad: the driver was crashed with commands in flight, and what QEMU's NVMe
    // reports of the DMA the recovery cut off is expected (NvmeTests.AssertNoNvmeErrors).
    public static void AssertNoWarnings(ZosMachine machine, QemuDiskOptions disk, bool crashedUnderLoad = false)
    {
        switch (disk.Controller)
        {
            case DiskController.Ahci: AhciTests.AssertNoAhciWarnings(machine); break;
            case DiskController.Nvme: NvmeTests.AssertNoNvmeErrors(machine, dmaCutOff: crashedUnderLoad); break;
            default: BlkTests.AssertNoVirtioWarnings(machine); break;
        }
    }

    // The start of the device's transport as `blk` shows it: the virtio interface, AHCI
    // with NCQ at QEMU's full depth of 32 (the interrupt, msi or intx, follows), or NVMe's
    // one I/O queue pair of 256 on its own MSI-X entry.
    private static string ExpectedTransport(QemuDiskOptions disk) => disk.Controller switch
    {
        DiskController.Ahci => "ahci port 0 ncq 32 ",
        DiskController.Nvme => "nvme 1.4 io_queues=1 depth=256 msi-x entry 1 ",
        _ => disk.Transport == VirtioTransport.Modern ? "modern " : "legacy ",
    };
}
