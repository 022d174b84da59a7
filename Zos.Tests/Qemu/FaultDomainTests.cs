using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// Faults inside a fault domain stop that domain only: one boot takes every
// kind in turn, and the shell must keep answering after each.
[Category("qemu")]
public class FaultDomainTests() : BootedOnce()
{
    [TestCase("null", "null dereference", "Zos.Shell.Tools.DeliberateFaults.DereferenceNull", "#PF page fault at 0")]
    [TestCase("divide", "integer divide by zero", "Zos.Shell.Tools.DeliberateFaults.DivideByZero", "#DE divide error")]
    [TestCase("opcode", "invalid opcode", "zos_ud2", "#UD invalid opcode")]
    // ilc gives this method no frame pointer: only the DWARF unwinder finds it.
    [TestCase("index", "unhandled exception", "Zos.Shell.Tools.DeliberateFaults.IndexOutOfRange", "System.IndexOutOfRangeException")]
    [TestCase("cast", "unhandled exception", "Zos.Shell.Tools.DeliberateFaults.InvalidCast", "System.InvalidCastException")]
    [TestCase("throw", "unhandled exception", "Zos.Shell.Tools.DeliberateFaults.ThrowUnhandled", "System.InvalidOperationException: deliberate failure")]
    [TestCase("overflow", "stack overflow", "Zos.Shell.Tools.DeliberateFaults.Recurse", "#PF page fault at")]
    [TestCase("hang", "watchdog", null, "ran ")]
    [TestCase("heap", "kernel heap exhausted", "Zos.Shell.Tools.DeliberateFaults.ExhaustHeap", "")]
    public void FaultStopsOnlyItsDomain(string kind, string expectedKind, string? method, string messagePart)
    {
        string started = Machine.Command("fault " + kind + " --domain");
        var id = Regex.Match(started, @"(?m)^domain_started: (\d+)$");
        Assert.That(id.Success, started);
        Assert.That(Machine.Command("uptime"), Does.StartWith("uptime_ms: "), "the shell answers while the domain runs");

        string line = WaitForDomainLine(id.Groups[1].Value, "stopped", TimeSpan.FromSeconds(20));
        Assert.That(line, Does.Contain($"name=fault-{kind} state=stopped threads=0"));
        Assert.That(line, Does.Contain($"fault=\"{expectedKind}\" thread=fault-{kind}"));
        if (method is not null) Assert.That(line, Does.Match($@"method={Regex.Escape(method)}\+0x[0-9a-f]+ "));
        Assert.That(line, Does.Contain(messagePart));
        Assert.That(Machine.Command("threads"), Does.Not.Contain("fault-" + kind), "the domain's thread is gone");
        Assert.That(Machine.Command("uptime"), Does.StartWith("uptime_ms: "), "the kernel outlives the domain");
    }

    private string WaitForDomainLine(string id, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string line = "";
        while (DateTime.UtcNow < deadline)
        {
            var match = Regex.Match(Machine.Command("domains"), $@"(?m)^domain {id} .*$");
            line = match.Value.TrimEnd();
            if (line.Contains("state=" + state)) return line;
            Thread.Sleep(100);
        }
        Assert.Fail($"domain {id} did not reach {state} in {timeout.TotalSeconds} s; last: {line}");
        return line;
    }
}
