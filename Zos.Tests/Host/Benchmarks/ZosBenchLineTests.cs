using Zos.Tests.Benchmarks;

namespace Zos.Tests.Host.Benchmarks;

public class ZosBenchLineTests
{
    private const string Answer =
        "bench: blk0 seq read size=1048576 depth=1 requests=1858 failed=0 bytes=1948254208 us=2000000 mb_per_s=928.99 iops=929 "
        + "mean_us=1076 p50_us=857 p99_us=5558 max_us=11186\n";

    [Test]
    public void ReadsThroughputAndLatencies()
    {
        var result = ZosBenchLine.Parse(Answer, "seq-read-1m");
        Assert.That(result, Is.EqualTo(new BlockBenchResult("seq-read-1m", 1948254208 / 2.0, 929, 1076, 857, 5558)));
        Assert.That(result.MebibytesPerSecond, Is.EqualTo(928.99).Within(0.01));
    }

    [Test]
    public void TheCrashNoteBeforeTheLineIsIgnored()
    {
        var result = ZosBenchLine.Parse("crash: injected throw into blk0 incarnation 1\n" + Answer, "seq-read-1m");
        Assert.That(result.Iops, Is.EqualTo(929));
    }

    [Test]
    public void FailedRequestsAreAnError()
    {
        var error = Assert.Throws<FormatException>(() => ZosBenchLine.Parse(Answer.Replace("failed=0", "failed=3") + "first error: boom\n", "seq-read-1m"));
        Assert.That(error!.Message, Does.Contain("3 requests failed").And.Contain("first error: boom"));
    }

    [Test]
    public void AnErrorInsteadOfTheLineIsAnError()
    {
        var error = Assert.Throws<FormatException>(() => ZosBenchLine.Parse("error: blk0 is not identified yet\n", "seq-read-1m"));
        Assert.That(error!.Message, Does.Contain("found 0").And.Contain("not identified"));
    }

    [Test]
    public void AMissingFieldIsNamed()
    {
        var error = Assert.Throws<FormatException>(() => ZosBenchLine.Parse(Answer.Replace(" mean_us=1076", ""), "seq-read-1m"));
        Assert.That(error!.Message, Does.Contain("has no mean_us"));
    }
}
