using Zos.Tests.Qemu;

namespace Zos.Tests.Benchmarks;

// Opt-in: dotnet test Zos.sln --filter Category=benchmark --logger "console;verbosity=detailed"
// Prints the time from starting QEMU to the shell prompt; docs/benchmarks.md records the results.
[Explicit, Category("benchmark")]
public class BootBenchmark
{
    private const int Runs = 5;

    [Test]
    public void QemuStartToShellPrompt()
    {
        var times = new List<double>();
        for (int i = 0; i < Runs; i++)
        {
            using var machine = ZosMachine.Start();
            times.Add(machine.WaitForPrompt().TotalMilliseconds);
        }
        times.Sort();
        TestContext.Out.WriteLine($"boot to prompt over {Runs} runs: median {times[Runs / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms");
        Assert.That(times, Has.All.GreaterThan(0));
    }
}
