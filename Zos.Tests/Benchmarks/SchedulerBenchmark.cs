using System.Text.RegularExpressions;
using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.sln --filter Category=benchmark --logger "console;verbosity=detailed"
// Runs the kernel's `bench switch` and `bench tick` and prints their numbers; docs/benchmarks.md records them.
[Explicit, Category("benchmark")]
public class SchedulerBenchmark
{
    private const int Runs = 5;

    [TestCase("switch", "context_switch_ns")]
    [TestCase("tick", "tick_handler_ns")]
    public void KernelBench(string which, string key)
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        var values = new List<ulong>();
        for (int i = 0; i < Runs; i++)
        {
            string answer = machine.BenchmarkCommand("bench " + which);
            values.Add(ulong.Parse(Regex.Match(answer, $@"(?m)^{key}: (\d+)$").Groups[1].Value));
        }
        values.Sort();
        TestContext.Out.WriteLine($"{key} over {Runs} runs: median {values[Runs / 2]}, min {values[0]}, max {values[^1]}");
        Assert.That(values, Has.All.GreaterThan(0UL));
    }
}
