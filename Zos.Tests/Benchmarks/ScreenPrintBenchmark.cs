using System.Globalization;
using System.Text.RegularExpressions;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~ScreenPrintBenchmark" --logger "console;verbosity=detailed"
// Runs the kernel's `screen bench 1000` on the 1024x768x32 framebuffer (-vga std): 1000 lines printed
// as a program prints them (until all are on screen), then the same drawn line by line; prints the
// numbers, which docs/benchmarks.md records.
[Explicit, Category("benchmark")]
public class ScreenPrintBenchmark
{
    private static readonly TimeSpan BenchTimeout = TimeSpan.FromMinutes(5);

    [Test]
    public void ThousandLines()
    {
        using var machine = ZosMachine.Start("-vga", "std");
        machine.WaitForPrompt();
        string answer = machine.BenchmarkCommand("screen bench 1000", BenchTimeout);
        TestContext.Out.WriteLine(answer);
        var values = Regex.Matches(answer, @"(?m)^(\w+): ([\d.]+)$").ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.That(values["lines"], Is.EqualTo(1000));
        Assert.That(values["printed_frames"], Is.GreaterThan(0).And.LessThan(1000), "a burst is drawn in frames, not line by line");
        Assert.That(values["printed_ms"], Is.LessThan(values["line_by_line_ms"]));
    }
}
