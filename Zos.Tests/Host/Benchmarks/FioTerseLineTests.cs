using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Host.Benchmarks;

public class FioTerseLineTests
{
    private static string Job(string name) => LinuxGuestConsoleSample.Line("3;fio-3.33;" + name + ";");

    [Test]
    public void ReadJobTakesTheReadBlock()
    {
        var result = FioTerseLine.Parse(Job("seq-read-1m"));
        Assert.That(result.Job, Is.EqualTo("seq-read-1m"));
        Assert.That(result.BytesPerSecond, Is.EqualTo(1157531.0 * 1024));
        Assert.That(result.Iops, Is.EqualTo(1130));
        Assert.That(result.MeanLatencyMicroseconds, Is.EqualTo(858.892906));
        Assert.That(result.P50LatencyMicroseconds, Is.EqualTo(432));
        Assert.That(result.P99LatencyMicroseconds, Is.EqualTo(7569));
    }

    [Test]
    public void WriteJobTakesTheWriteBlock()
    {
        var result = FioTerseLine.Parse(Job("seq-write-1m"));
        Assert.That(result.BytesPerSecond, Is.EqualTo(794399.0 * 1024));
        Assert.That(result.Iops, Is.EqualTo(775));
        Assert.That(result.MeanLatencyMicroseconds, Is.EqualTo(1257.519527));
        Assert.That(result.P50LatencyMicroseconds, Is.EqualTo(610));
        Assert.That(result.P99LatencyMicroseconds, Is.EqualTo(9764));
    }

    [Test]
    public void DeepQueueHasHigherLatencyThanShallowOne()
    {
        var shallow = FioTerseLine.Parse(Job("rand-read-4k-qd1"));
        var deep = FioTerseLine.Parse(Job("rand-read-4k-qd32"));
        Assert.That((shallow.Iops, shallow.P50LatencyMicroseconds, shallow.P99LatencyMicroseconds), Is.EqualTo((3231.0, 146.0, 3358.0)));
        Assert.That((deep.Iops, deep.P50LatencyMicroseconds, deep.P99LatencyMicroseconds), Is.EqualTo((6617.0, 2441.0, 29229.0)));
    }

    [Test]
    public void FailedJobIsAnError()
    {
        string[] fields = Job("seq-read-1m").Split(';');
        fields[4] = "5";
        var error = Assert.Throws<FormatException>(() => FioTerseLine.Parse(string.Join(';', fields)));
        Assert.That(error!.Message, Does.Contain("seq-read-1m failed with error 5"));
    }

    [Test]
    public void MissingPercentileIsAnError()
    {
        string line = Job("seq-read-1m").Replace("99.000000%=7569", "95.000000%=7569");
        var error = Assert.Throws<FormatException>(() => FioTerseLine.Parse(line));
        Assert.That(error!.Message, Does.Contain("no 99th percentile"));
    }

    [Test]
    public void TruncatedLineIsAnError()
    {
        string line = Job("seq-read-1m");
        Assert.Throws<FormatException>(() => FioTerseLine.Parse(line[..(line.Length / 2)]));
    }

    [Test]
    public void JobThatTransferredNothingIsAnError()
    {
        string[] fields = Job("seq-read-1m").Split(';');
        fields[5] = "0";
        Assert.Throws<FormatException>(() => FioTerseLine.Parse(string.Join(';', fields)));
    }

    [Test]
    public void OtherLinesAreNotTerseLines()
    {
        Assert.That(FioTerseLine.IsTerseLine("zos-linux-bench: pci 0x1001"), Is.False);
        Assert.Throws<FormatException>(() => FioTerseLine.Parse("[   28.569881] reboot: Power down"));
    }
}
