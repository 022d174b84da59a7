using System.Text.RegularExpressions;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.sln --filter "FullyQualifiedName~GcBenchmark" --logger "console;verbosity=detailed"
// Runs the kernel's `gc bench` (ns per small allocation, collections included; collection pause for
// 1, 4 and 16 MiB of live objects) and prints its numbers; docs/benchmarks.md records the results.
[Explicit, Category("benchmark")]
public class GcBenchmark
{
    private static readonly TimeSpan BenchTimeout = TimeSpan.FromMinutes(5);

    [Test]
    public void AllocationAndPauseTimes()
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        string answer = machine.BenchmarkCommand("gc bench", BenchTimeout);
        TestContext.Out.WriteLine(answer);
        var values = Regex.Matches(answer, @"(?m)^(\w+): (\d+)$").ToDictionary(m => m.Groups[1].Value, m => ulong.Parse(m.Groups[2].Value));
        Assert.That(values["alloc_ns_per_object"], Is.GreaterThan(0UL));
        Assert.That(values["alloc_collections"], Is.GreaterThan(0UL), "a million allocations trigger collections");
        Assert.That(values["pause_us_live_16_mib"], Is.GreaterThan(values["pause_us_live_1_mib"]));
    }
}
