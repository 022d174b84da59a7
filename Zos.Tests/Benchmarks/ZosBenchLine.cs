using System.Globalization;

namespace Zos.Tests.Benchmarks;

// Reads the line `blk bench` prints (Zos.Shell/Commands/BlkCommand.cs):
// "bench: blk0 seq read size=1048576 depth=1 requests=1858 failed=0 bytes=1948254208 us=2000545
//  mb_per_s=928.74 iops=928 mean_us=1076 p50_us=857 p99_us=5558 max_us=11186"
// Throughput is taken from bytes and us (mb_per_s is the same, rounded).
public static class ZosBenchLine
{
    public const string Prefix = "bench: ";

    // The result of the one bench line in `answer` (a command's output), named after `job`.
    public static BlockBenchResult Parse(string answer, string job)
    {
        var lines = answer.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        if (lines.Count != 1) throw new FormatException($"expected one '{Prefix}' line for {job}, found {lines.Count} in:\n{answer}");
        var fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(field => field.Contains('='))
            .Select(field => field.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        double Field(string name) => fields.TryGetValue(name, out string? text)
            ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new FormatException($"the bench line for {job} has no {name}: '{lines[0]}'");

        if (Field("failed") != 0) throw new FormatException($"{job}: {Field("failed")} requests failed: '{lines[0]}'\n{answer}");
        double microseconds = Field("us");
        double requests = Field("requests");
        if (microseconds <= 0 || requests == 0) throw new FormatException($"{job} measured nothing: '{lines[0]}'");
        return new BlockBenchResult(
            job,
            BytesPerSecond: Field("bytes") / (microseconds / 1e6),
            Iops: requests / (microseconds / 1e6),
            MeanLatencyMicroseconds: Field("mean_us"),
            P50LatencyMicroseconds: Field("p50_us"),
            P99LatencyMicroseconds: Field("p99_us"));
    }
}
