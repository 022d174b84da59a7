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
    public double MegabytesPerSecond => BytesPerSecond / 1e6;

    public override string ToString() =>
        $"{Job}: {MegabytesPerSecond:F1} MB/s, {Iops:F0} IOPS, latency mean {MeanLatencyMicroseconds:F0} us, "
        + $"p50 {P50LatencyMicroseconds:F0} us, p99 {P99LatencyMicroseconds:F0} us";
}
