using System.Text.RegularExpressions;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.Tests --filter "FullyQualifiedName~DriverBenchmark" --logger "console;verbosity=detailed"
// The capability check's cost on a port read (`bench ports`), and the edu driver's restart latency
// (crash -> Running) over injected crashes; docs/benchmarks.md records them.
[Explicit, Category("benchmark")]
public class DriverBenchmark
{
    private const int Runs = 5;
    // Waits out the edu policy's stable run time, so that every crash is restarted.
    private const int StableRunMilliseconds = 2100;

    [Test]
    public void CheckedVersusDirectPortRead()
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        var direct = new List<ulong>();
        var checkedReads = new List<ulong>();
        for (int i = 0; i < Runs; i++)
        {
            string answer = machine.BenchmarkCommand("bench ports");
            direct.Add(ulong.Parse(Regex.Match(answer, @"(?m)^port_read_direct_ns: (\d+)$").Groups[1].Value));
            checkedReads.Add(ulong.Parse(Regex.Match(answer, @"(?m)^port_read_checked_ns: (\d+)$").Groups[1].Value));
        }
        direct.Sort();
        checkedReads.Sort();
        TestContext.Out.WriteLine($"port read direct: median {direct[Runs / 2]} ns (min {direct[0]}, max {direct[^1]}); "
            + $"checked: median {checkedReads[Runs / 2]} ns (min {checkedReads[0]}, max {checkedReads[^1]})");
        Assert.That(direct, Has.All.GreaterThan(0UL));
    }

    [Test]
    public void RestartLatency()
    {
        using var machine = ZosMachine.Start("-device", "edu");
        machine.WaitForPrompt();
        string[] kinds = ["throw", "null", "mmio", "port", "hang", "throw", "null", "mmio"];
        var latencies = new List<ulong>();
        for (int i = 0; i < kinds.Length; i++)
        {
            DriverShell.WaitForUptime(machine, "edu", StableRunMilliseconds);
            machine.Command("inject edu " + kinds[i]);
            var fields = DriverShell.WaitFor(machine, "edu", "Running", i + 2, TimeSpan.FromSeconds(20));
            latencies.Add(ulong.Parse(fields["restart_latency_us"]));
            TestContext.Out.WriteLine($"{kinds[i]}: restart latency {fields["restart_latency_us"]} us");
        }
        latencies.Sort();
        TestContext.Out.WriteLine($"restart latency over {latencies.Count} crashes: median {latencies[latencies.Count / 2]} us, "
            + $"min {latencies[0]}, max {latencies[^1]}");
        Assert.That(latencies, Has.All.GreaterThan(0UL));
    }
}
