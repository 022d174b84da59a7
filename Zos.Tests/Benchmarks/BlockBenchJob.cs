namespace Zos.Tests.Benchmarks;

public enum AccessPattern { Sequential, Random }

// One row of the virtio-blk comparison: the same workload is run by fio in the
// Linux guest and by `blk bench` in Zos (`blk bench <dev> seq|rand read|write <size> <depth> time=<s> ramp=<s>`).
public sealed record BlockBenchJob(string Name, AccessPattern Pattern, bool Write, int BlockSize, int Depth)
{
    private const int MiB = 1024 * 1024;

    // The rows issue 5 asks for. Reads come before the write so that every read
    // sees the image as it was filled.
    public static readonly BlockBenchJob[] Standard =
    [
        new("seq-read-1m", AccessPattern.Sequential, Write: false, BlockSize: MiB, Depth: 1),
        new("rand-read-4k-qd1", AccessPattern.Random, Write: false, BlockSize: 4096, Depth: 1),
        new("rand-read-4k-qd32", AccessPattern.Random, Write: false, BlockSize: 4096, Depth: 32),
        new("seq-write-1m", AccessPattern.Sequential, Write: true, BlockSize: MiB, Depth: 1),
    ];

    // Issue 13's rows for NVMe: the standard ones and a 4 KiB random read at depth 128,
    // which only a deep queue (NVMe's 256 entries, Linux's 1023 requests) keeps in flight.
    public static readonly BlockBenchJob[] WithDepth128 =
    [
        .. Standard.Where(job => !job.Write),
        new("rand-read-4k-qd128", AccessPattern.Random, Write: false, BlockSize: 4096, Depth: 128),
        .. Standard.Where(job => job.Write),
    ];

    // Both sides run each job this long before they start counting (fio's ramp_time, blk bench's ramp=).
    public const int RampSeconds = 1;

    // The Zos shell command that runs this job on a device for `seconds` after the ramp
    // (fio's runtime): "blk bench blk0 seq read 1m 1 time=4 ramp=1".
    public string ZosBenchCommand(string device, int seconds) =>
        $"blk bench {device} {PatternWord} {DirectionWord} {Size("m", "k")} {Depth} time={seconds} ramp={RampSeconds}";

    // "seq read 1 MiB, depth 1": the row's label in printed tables.
    public string Describe() => $"{PatternWord} {DirectionWord} {Size(" MiB", " KiB")}, depth {Depth}";

    private string PatternWord => Pattern == AccessPattern.Sequential ? "seq" : "rand";

    private string DirectionWord => Write ? "write" : "read";

    private string Size(string mibUnit, string kibUnit) =>
        BlockSize % MiB == 0 ? $"{BlockSize / MiB}{mibUnit}" : $"{BlockSize / 1024}{kibUnit}";
}
