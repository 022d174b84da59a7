using Zos.Build;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Host.Benchmarks;

public class LinuxGuestRunTests
{
    [Test]
    public void ReadsTheDeviceAndEveryJobFromTheConsole()
    {
        var run = LinuxGuestRun.Parse(LinuxGuestConsoleSample.Text, expectedJobs: 4, failureReport: "");
        Assert.That(run.PciDeviceId, Is.EqualTo(0x1001));
        Assert.That(run.Sectors, Is.EqualTo(524288));
        Assert.That(run.Results.Select(r => r.Job), Is.EqualTo(new[] { "seq-read-1m", "rand-read-4k-qd1", "rand-read-4k-qd32", "seq-write-1m" }));
    }

    [Test]
    public void TheQueueLineIsOptional()
    {
        Assert.That(LinuxGuestRun.Parse(LinuxGuestConsoleSample.Text, 4, "").Queue, Is.Null);
        string console = LinuxGuestConsoleSample.Text.Replace("zos-linux-bench: sectors 524288",
            "zos-linux-bench: sectors 524288\nzos-linux-bench: queue [mq-deadline] none nr_requests=64 max_sectors_kb=128 queue_depth=32");
        Assert.That(LinuxGuestRun.Parse(console, 4, "").Queue, Is.EqualTo("[mq-deadline] none nr_requests=64 max_sectors_kb=128 queue_depth=32"));
    }

    [Test]
    public void MissingJobIsAnErrorWithTheReport()
    {
        var error = Assert.Throws<BuildException>(() => LinuxGuestRun.Parse(LinuxGuestConsoleSample.Text, expectedJobs: 5, failureReport: "the console"));
        Assert.That(error!.Message, Does.Contain("fio reported 4 jobs, expected 5").And.Contain("the console"));
    }

    [Test]
    public void MissingDeviceLineIsAnError()
    {
        string console = LinuxGuestConsoleSample.Text.Replace("zos-linux-bench: pci 0x1001", "");
        var error = Assert.Throws<BuildException>(() => LinuxGuestRun.Parse(console, expectedJobs: 4, failureReport: ""));
        Assert.That(error!.Message, Does.Contain("no 'zos-linux-bench: pci' line"));
    }
}

public class LinuxGuestClockCheckTests
{
    private static (TimeSpan, string)[] Lines(double hostBefore, string guestBefore, double hostAfter, string guestAfter) =>
    [
        (TimeSpan.FromSeconds(hostBefore), LinuxGuestRun.Marker + "uptime-before-fio " + guestBefore),
        (TimeSpan.FromSeconds(hostAfter), LinuxGuestRun.Marker + "uptime-after-fio " + guestAfter),
    ];

    [Test]
    public void ClocksThatAgreePass() => Assert.That(LinuxGuestRun.CheckClocks(Lines(10.0, "3.51", 70.2, "63.60")), Is.Null);

    [Test]
    public void AGuestClockOffByMoreThanTwoPercentRejectsTheRun() =>
        Assert.That(LinuxGuestRun.CheckClocks(Lines(10.0, "3.51", 70.0, "65.00")),
            Is.EqualTo("run rejected: over fio the guest's clock measured 61.49 s and the host's 60.00 s"));

    [Test]
    public void MissingUptimesRejectTheRun() =>
        Assert.That(LinuxGuestRun.CheckClocks([(TimeSpan.Zero, LinuxGuestRun.Marker + "done")]), Is.EqualTo("the guest printed no uptime around fio"));
}
