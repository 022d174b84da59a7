namespace Zos.Tests.Benchmarks;

// What one benchmark row measured, in the units docs/benchmarks.md reports.
// Latencies are per request, from submission to completion.
public sealed record BlockBenchResult(
    string Job,
    double BytesPerSecond,
    double Iops,
    double MeanLatencyMicroseconds,
    double P50LatencyMicroseconds,
    double P99LatencyMicroseconds)
{
    // MiB/s, the unit of `blk bench`'s mb_per_s.
    public double MebibytesPerSecond => BytesPerSecond / (1024 * 1024);

    public override string ToString() =>
        $"{Job}: {MebibytesPerSecond:F1} MiB/s, {Iops:F0} IOPS, latency mean {MeanLatencyMicroseconds:F0} us, "
        + $"p50 {P50LatencyMicroseconds:F0} us, p99 {P99LatencyMicroseconds:F0} us";
}
