namespace Zos.Tests.Qemu;

[Category("qemu")]
public class BootTests
{
    // Generous for TCG on a loaded 2-core machine; docs/benchmarks.md has the real figure.
    private static readonly TimeSpan PromptBound = TimeSpan.FromSeconds(15);

    [Test]
    public void BootsToThePromptWithinTheBound()
    {
        using var machine = ZosMachine.Start();
        TimeSpan elapsed = machine.WaitForPrompt();
        Assert.That(elapsed, Is.LessThan(PromptBound));
        Assert.That(machine.Output, Does.Contain("Zos booted"));
        Assert.That(machine.Output, Does.Not.Contain("warning: no symbols module"));
    }
}
