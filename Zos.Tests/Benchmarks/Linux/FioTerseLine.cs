using System.Globalization;

namespace Zos.Tests.Benchmarks.Linux;

// Reads fio's terse output (version 3: one ';'-separated line per job, described in
// fio's HOWTO under "Terse output"). The guest runs fio with lat_percentiles=1 and
// clat_percentiles=0, so the percentile fields are of the total latency, in microseconds.
public static class FioTerseLine
{
    public const string Prefix = "3;fio-";

    // Fields before the read block: version, fio version, job name, group id, error.
    private const int JobNameField = 2;
    private const int ErrorField = 4;
    private const int ReadBlock = 5;
    // Per direction: io KiB, bandwidth KiB/s, IOPS, runtime ms, slat (4), clat (4),
    // 20 percentile fields, lat min/max/mean/dev, bandwidth min/max/agg %/mean/dev.
    private const int DirectionFields = 41;
    private const int PercentileCount = 20;
    private const int FieldsNeeded = ReadBlock + 2 * DirectionFields;

    // Offsets inside a direction block.
    private const int IoKib = 0, BandwidthKibPerSecond = 1, Iops = 2, Percentiles = 12, MeanLatency = 34;

    public static bool IsTerseLine(string line) => line.StartsWith(Prefix, StringComparison.Ordinal);

    public static BlockBenchResult Parse(string line)
    {
        if (!IsTerseLine(line)) throw new FormatException($"not a fio terse version 3 line: '{line}'");
        string[] fields = line.Trim().Split(';');
        if (fields.Length < FieldsNeeded)
            throw new FormatException($"fio terse line has {fields.Length} fields, expected at least {FieldsNeeded}: '{line}'");
        string job = fields[JobNameField];
        if (fields[ErrorField] != "0") throw new FormatException($"fio job {job} failed with error {fields[ErrorField]}");

        // A job that only reads has an empty write block and the reverse.
        int block = Number(fields[ReadBlock + IoKib]) > 0 ? ReadBlock : ReadBlock + DirectionFields;
        if (Number(fields[block + IoKib]) == 0) throw new FormatException($"fio job {job} transferred nothing");
        var percentiles = ReadPercentiles(fields, block + Percentiles, job);
        return new BlockBenchResult(
            job,
            BytesPerSecond: Number(fields[block + BandwidthKibPerSecond]) * 1024,
            Iops: Number(fields[block + Iops]),
            MeanLatencyMicroseconds: Number(fields[block + MeanLatency]),
            P50LatencyMicroseconds: Percentile(percentiles, 50, job),
            P99LatencyMicroseconds: Percentile(percentiles, 99, job));
    }

    // "50.000000%=118" fields; unused slots read "0%=0".
    private static Dictionary<double, double> ReadPercentiles(string[] fields, int first, string job)
    {
        var percentiles = new Dictionary<double, double>();
        foreach (string field in fields.AsSpan(first, PercentileCount))
        {
            int separator = field.IndexOf("%=", StringComparison.Ordinal);
            if (separator < 0) throw new FormatException($"fio job {job}: '{field}' is not a percentile field");
            double rank = Number(field[..separator]);
            if (rank > 0) percentiles[rank] = Number(field[(separator + 2)..]);
        }
        return percentiles;
    }

    private static double Percentile(Dictionary<double, double> percentiles, double rank, string job) =>
        percentiles.TryGetValue(rank, out double value)
            ? value
            : throw new FormatException($"fio job {job} reported no {rank}th percentile (run it with percentile_list=50:99)");

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"'{text}' in fio's terse output is not a number");
}
