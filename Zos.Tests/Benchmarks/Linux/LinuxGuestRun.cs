using System.Globalization;
using Zos.Build;

namespace Zos.Tests.Benchmarks.Linux;

// What one boot of the Linux guest reported on its console.
public sealed record LinuxGuestRun(ushort PciDeviceId, long Sectors, IReadOnlyList<BlockBenchResult> Results)
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
            results);
    }

    private static string Field(List<string> lines, string name, string failureReport) =>
        lines.FirstOrDefault(line => line.StartsWith(Marker + name + " ", StringComparison.Ordinal))?[(Marker.Length + name.Length + 1)..].Trim()
        ?? throw new BuildException($"the guest printed no '{Marker}{name}' line.\n{failureReport}");
}
