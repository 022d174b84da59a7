using System.Text.RegularExpressions;
using Zos.SelfTests;

namespace Zos.Tests.Qemu;

// Runs the kernel's own test suite once, in one boot, and turns each of its
// result lines into a separate NUnit test.
[Category("qemu")]
public class KernelTestResults
{
    private static readonly Lazy<Dictionary<string, string>> Results = new(RunSuite);

    public static IEnumerable<string> Names() => KernelTestSuite.Create().Select(t => t.Name);

    [TestCaseSource(nameof(Names))]
    public void PassesInsideZos(string name)
    {
        Assert.That(Results.Value.ContainsKey(name), Is.True, $"the kernel printed no result for {name}");
        Assert.That(Results.Value[name], Is.EqualTo("pass"), $"{name} failed inside Zos");
    }

    private static Dictionary<string, string> RunSuite()
    {
        // edu: the PCI device pci.edu_msi signals with.
        using var machine = ZosMachine.Start("-device", "edu");
        machine.WaitForPrompt();
        string answer = machine.Command("test");
        return Regex.Matches(answer, @"(?m)^test ([a-z0-9._]+): (.*)$").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }
}
