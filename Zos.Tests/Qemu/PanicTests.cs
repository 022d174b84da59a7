using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

[Category("qemu")]
public class PanicTests
{
    [TestCase("null", 14, "null dereference", "Zos.Shell.Tools.DeliberateFaults.DereferenceNull")]
    [TestCase("divide", 0, "integer divide by zero", "Zos.Shell.Tools.DeliberateFaults.DivideByZero")]
    [TestCase("opcode", 6, "invalid opcode", "zos_ud2")]
    public void FaultProducesAReportNamingTheMethod(string kind, int vector, string classification, string method)
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        machine.Send("fault " + kind);
        string report = machine.WaitFor("*** END PANIC ***", ZosMachine.CommandTimeout);
        Assert.That(machine.WaitForExit(TimeSpan.FromSeconds(10)), Is.EqualTo(QemuCommand.PanicExitCode));

        Assert.That(report, Does.Contain("*** ZOS PANIC ***"));
        Assert.That(report, Does.Contain($"(vector {vector})"));
        Assert.That(report, Does.Contain("kind: " + classification));
        Assert.That(report, Does.Match($@"(?m)^method: {Regex.Escape(method)}\+0x[0-9a-f]+$"));
        Assert.That(report, Does.Match("(?m)^rip: 0x[0-9a-f]{16}$"));
        Assert.That(report, Does.Match("(?m)^cr2: 0x[0-9a-f]{16}$"));
        foreach (var register in new[] { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8 ", "r15", "rflags" })
            Assert.That(report, Does.Contain(register + "=0x"));
        Assert.That(report, Does.Contain("Zos.Shell.CommandShell.Execute"), "the backtrace reaches the shell");
    }

    [Test]
    public void StackOverflowOutsideADomainIsReportedNotATripleFault()
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        machine.Send("fault overflow");
        string report = machine.WaitFor("*** END PANIC ***", ZosMachine.CommandTimeout);
        Assert.That(machine.WaitForExit(TimeSpan.FromSeconds(10)), Is.EqualTo(QemuCommand.PanicExitCode));

        Assert.That(report, Does.Contain("(vector 14)"));
        Assert.That(report, Does.Contain("kind: stack overflow"));
        Assert.That(report, Does.Match(@"(?m)^method: Zos\.Shell\.Tools\.DeliberateFaults\.Recurse\+0x[0-9a-f]+$"));
    }

    // An exception the code throws, and one the runtime throws for it (an array indexed past its end).
    [TestCase("throw", "InvalidOperationException", "deliberate failure", @"Zos\.Shell\.Tools\.DeliberateFaults\.ThrowUnhandled")]
    [TestCase("index", "IndexOutOfRangeException", "Index was outside the bounds of the array.",
        @"Internal\.Runtime\.CompilerHelpers\.ThrowHelpers\.ThrowIndexOutOfRangeException")]
    public void UnhandledExceptionProducesAReportNamingTypeMessageAndThrower(string kind, string exceptionType, string message, string thrower)
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        machine.Send("fault " + kind);
        string report = machine.WaitFor("*** END PANIC ***", ZosMachine.CommandTimeout);
        Assert.That(machine.WaitForExit(TimeSpan.FromSeconds(10)), Is.EqualTo(QemuCommand.PanicExitCode));

        Assert.That(report, Does.Contain("cause: unhandled exception"));
        Assert.That(report, Does.Match("(?m)^exception: .*" + exceptionType));
        Assert.That(report, Does.Contain("message: " + message));
        Assert.That(report, Does.Match($@"(?m)^method: {thrower}\+0x[0-9a-f]+$"));
        Assert.That(report, Does.Contain("Zos.Shell.CommandShell.Execute"), "the backtrace reaches the shell");
    }
}
