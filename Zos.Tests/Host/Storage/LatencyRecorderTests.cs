using Zos.Shell.Tools;

namespace Zos.Tests.Host.Storage;

public class LatencyRecorderTests
{
    [Test]
    public void PercentilesAreNearestRankOverTheKeptSamplesInAnyOrder()
    {
        var random = new Random(5);
        var samples = Enumerable.Range(1, 1000).Select(i => (ulong)i * 10).OrderBy(_ => random.Next()).ToList();
        var recorder = new LatencyRecorder(capacity: 1000);
        foreach (ulong sample in samples) recorder.Add(sample);

        Assert.That(recorder.Count, Is.EqualTo(1000));
        Assert.That(new[] { recorder.Percentile(1), recorder.Percentile(50), recorder.Percentile(99), recorder.Percentile(100) },
            Is.EqualTo(new ulong[] { 100, 5000, 9900, 10000 }));
        recorder.Add(5);
        Assert.That(recorder.Percentile(100), Is.EqualTo(10000UL), "past the capacity, samples are counted, not kept");
        Assert.That(recorder.Count, Is.EqualTo(1001));
    }

    [Test]
    public void NoSamplesGiveZeroAndOneSampleIsEveryPercentile()
    {
        var recorder = new LatencyRecorder(capacity: 4);
        Assert.That(recorder.Percentile(50), Is.EqualTo(0UL));
        recorder.Add(42);
        Assert.That(new[] { recorder.Percentile(1), recorder.Percentile(99) }, Is.All.EqualTo(42UL));
    }
}
