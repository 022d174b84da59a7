using Zos.Tests.Benchmarks;
using Zos.Tests.Benchmarks.Linux;

namespace Zos.Tests.Host.Benchmarks;

public class FioTerseLineTests
{
    private static string Job(string name) => LinuxGuestConsoleSample.Line("3;fio-3.33;" + name + ";");

    // Read jobs take fio's read block, the write job its write block (the other block is all zeros).
    [TestCase("seq-read-1m", 1157531, 1130, 858.892906, 432, 7569)]
    [TestCase("rand-read-4k-qd1", 12927, 3231, 295.393261, 146, 3358)]
    [TestCase("rand-read-4k-qd32", 26503, 6617, 4889.636793, 2441, 29229)]
    [TestCase("seq-write-1m", 794399, 775, 1257.519527, 610, 9764)]
    public void ParsesEveryJobOfTheSample(string job, double kibPerSecond, double iops, double mean, double p50, double p99)
    {
        var result = FioTerseLine.Parse(Job(job));
        Assert.That(result, Is.EqualTo(new BlockBenchResult(job, kibPerSecond * 1024, iops, mean, p50, p99)));
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
