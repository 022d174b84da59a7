namespace Zos.Tests.Qemu;

// How long the boot takes is BootBenchmark's (docs/benchmarks.md): a time bound here flaked on a loaded host.
[Category("qemu")]
public class BootTests
{
    [Test]
    public void BootsToThePromptWithItsSymbols()
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        Assert.That(machine.Output, Does.Contain("Zos booted"));
        Assert.That(machine.Output, Does.Not.Contain("warning: no symbols module"));
    }
}
