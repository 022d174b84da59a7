using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// One boot serves every command test: commands do not change the machine.
[Category("qemu")]
public class ShellTests
{
    private ZosMachine _machine = null!;

    [OneTimeSetUp]
    public void Boot()
    {
        _machine = ZosMachine.Start();
        _machine.WaitForPrompt();
    }

    [OneTimeTearDown]
    public void ShutDown() => _machine.Dispose();

    [Test]
    public void HelpListsEveryCommand()
    {
        string answer = _machine.Command("help");
        foreach (var name in new[] { "help", "mem", "uptime", "cpu", "test", "fault", "halt", "reboot" })
            Assert.That(answer, Does.Match($"(?m)^{name}\\b"), $"help does not list {name}");
    }

    [Test]
    public void MemReportsFramesAndHeap()
    {
        var values = KeyValues(_machine.Command("mem"));
        Assert.That(values["usable_bytes"], Is.GreaterThan(200UL << 20), "QEMU gives 256 MiB");
        Assert.That(values["frames_free"] + values["frames_used"], Is.EqualTo(values["frames_total"]));
        Assert.That(values["heap_used_bytes"], Is.GreaterThan(0).And.LessThanOrEqualTo(values["heap_capacity_bytes"]));
        Assert.That(values["heap_allocations"], Is.GreaterThan(0));
    }

    [Test]
    public void UptimeAdvances()
    {
        ulong first = KeyValues(_machine.Command("uptime"))["uptime_ms"];
        Thread.Sleep(300);
        ulong second = KeyValues(_machine.Command("uptime"))["uptime_ms"];
        Assert.That(second, Is.GreaterThanOrEqualTo(first + 200));
    }

    [Test]
    public void CpuNamesTheProcessor()
    {
        string answer = _machine.Command("cpu");
        Assert.That(answer, Does.Match("(?m)^vendor: (AuthenticAMD|GenuineIntel)$"));
        Assert.That(answer, Does.Match("(?m)^features: .*sse2"));
        Assert.That(KeyValues(answer)["tsc_hz"], Is.GreaterThan(100_000_000UL));
    }

    [TestCase("frobnicate", "error: unknown command 'frobnicate' (type help for the list)")]
    [TestCase("mem now", "error: mem takes no arguments (usage: mem)")]
    [TestCase("fault", "error: fault takes one argument (usage: fault null|divide|opcode|bounds)")]
    [TestCase("fault sideways", "error: unknown fault kind 'sideways' (usage: fault null|divide|opcode|bounds)")]
    [TestCase("test no.such.test", "error: no test named 'no.such.test' (usage: test [name])")]
    [TestCase("echo \"unterminated", "error: unterminated quote")]
    public void BadInputGetsOneClearErrorAndTheShellGoesOn(string line, string expected)
    {
        Assert.That(_machine.Command(line).Trim(), Is.EqualTo(expected));
        Assert.That(_machine.Command("uptime"), Does.StartWith("uptime_ms: "));
    }

    private static Dictionary<string, ulong> KeyValues(string answer) =>
        Regex.Matches(answer, @"(?m)^(\w+): (\d+)$").ToDictionary(m => m.Groups[1].Value, m => ulong.Parse(m.Groups[2].Value));
}
