using System.Globalization;
using Zos.Build;

namespace Zos.Tests.Benchmarks.Linux;

// What one boot of the Linux guest reported on its console. Queue: how Linux set up the
// block device's queue (scheduler, nr_requests, max_sectors_kb, the device's queue depth);
// Interrupts: the driver's lines of /proc/interrupts after fio (counts per CPU, MSI or not);
// each when printed.
public sealed record LinuxGuestRun(ushort PciDeviceId, long Sectors, IReadOnlyList<BlockBenchResult> Results, string? Queue = null,
    string? Interrupts = null)
{
    // Starts every line /init prints about itself (fio prints the rest).
    public const string Marker = "zos-linux-bench: ";

    // failureReport: the whole story (console, QEMU errors) to throw with if the output is incomplete.
    public static LinuxGuestRun Parse(string console, int expectedJobs, string failureReport)
    {
        var lines = console.Split('\n').Select(line => line.Trim()).ToList();
        var results = lines.Where(FioTerseLine.IsTerseLine).Select(FioTerseLine.Parse).ToList();
        if (results.Count != expectedJobs)
            throw new BuildException($"fio reported {results.Count} jobs, expected {expectedJobs}.\n{failureReport}");
        string pci = Field(lines, "pci", failureReport);
        string sectors = Field(lines, "sectors", failureReport);
        return new LinuxGuestRun(
            ushort.Parse(pci.Replace("0x", ""), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(sectors, CultureInfo.InvariantCulture),
            results,
            OptionalField(lines, "queue"),
            OptionalField(lines, "irq"));
    }

    // The guest's /proc/uptime before and after fio against when the host saw
    // those two lines: null when they agree within 2 % (+100 ms for the console's
    // own delays), else why the run is rejected.
    public static string? CheckClocks(IReadOnlyList<(TimeSpan HostAt, string Line)> markedLines)
    {
        (TimeSpan At, double Seconds)? Uptime(string name)
        {
            foreach (var (at, line) in markedLines)
                if (line.StartsWith(Marker + name + " ", StringComparison.Ordinal)
                    && double.TryParse(line[(Marker.Length + name.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                    return (at, seconds);
            return null;
        }
        var before = Uptime("uptime-before-fio");
        var after = Uptime("uptime-after-fio");
        if (before is null || after is null) return "the guest printed no uptime around fio";
        double guest = after.Value.Seconds - before.Value.Seconds, host = (after.Value.At - before.Value.At).TotalSeconds;
        return Math.Abs(guest - host) <= 0.02 * host + 0.1 ? null
            : $"run rejected: over fio the guest's clock measured {guest:F2} s and the host's {host:F2} s";
    }

    private static string Field(List<string> lines, string name, string failureReport) =>
        OptionalField(lines, name) ?? throw new BuildException($"the guest printed no '{Marker}{name}' line.\n{failureReport}");

    private static string? OptionalField(List<string> lines, string name) =>
        lines.FirstOrDefault(line => line.StartsWith(Marker + name + " ", StringComparison.Ordinal))?[(Marker.Length + name.Length + 1)..].Trim();
}
