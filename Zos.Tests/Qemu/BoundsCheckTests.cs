using Zos.Build;

namespace Zos.Tests.Qemu;

// Array indexing past the end throws IndexOutOfRangeException; uncaught outside
// a fault domain, that is a panic naming the exception and the throw helper.
[Category("qemu")]
public class BoundsCheckTests
{
    [Test]
    public void IndexingPastTheEndOfAnArrayThrowsIndexOutOfRange()
    {
        using var machine = ZosMachine.Start();
        machine.WaitForPrompt();
        machine.Send("fault index");
        string report = machine.WaitFor("*** END PANIC ***", ZosMachine.CommandTimeout);
        Assert.That(machine.WaitForExit(TimeSpan.FromSeconds(10)), Is.EqualTo(QemuCommand.PanicExitCode));

        Assert.That(report, Does.Contain("cause: unhandled exception"));
        Assert.That(report, Does.Contain("IndexOutOfRangeException"));
        Assert.That(report, Does.Contain("method: Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException"));
    }
}
