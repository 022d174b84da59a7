namespace Zos.Tests.Qemu;

// A driver that crashes again each time it comes back: after its policy's
// restarts in a row (3 for edu) it ends in Failed, cleaned up, while the rest
// of the system goes on.
[Category("qemu")]
public class DriverCrashLoopTests
{
    [Test]
    public void ACrashLoopEndsInFailedAndTheShellKeepsAnswering()
    {
        using var machine = ZosMachine.Start("-device", "edu");
        machine.WaitForPrompt();
        for (int incarnation = 1; incarnation <= 4; incarnation++)
        {
            DriverShell.WaitFor(machine, "edu", "Running", incarnation, TimeSpan.FromSeconds(20));
            Assert.That(machine.Command("inject edu throw"), Does.StartWith($"injected: throw into edu incarnation {incarnation}"));
        }
        var failed = DriverShell.WaitFor(machine, "edu", "Failed", 4, TimeSpan.FromSeconds(20));

        Assert.That((failed["incarnation"], failed["restarts"], failed["crashes"]), Is.EqualTo(("4", "3", "4")));
        string drivers = machine.Command("drivers");
        Assert.That(DriverShell.Line(drivers, "stop_reason edu "), Does.Contain("crash loop: 3 restarts in a row, none stayed Running for 2000 ms"));
        Assert.That(machine.Command("uptime"), Does.StartWith("uptime_ms: "), "the shell answers");
        Assert.That(machine.Command("edu factorial 3"), Does.StartWith("error: edu is Failed, not Running (crash loop"));
        Assert.That(machine.Command("inject edu null"), Does.StartWith("error: edu is Failed, not Running"));

        string caps = machine.Command("caps edu");
        Assert.That(DriverShell.Fields(DriverShell.Line(caps, "owner edu ")!)["capabilities"], Is.EqualTo("0"), "nothing is held any more");
        Assert.That(caps, Does.Contain("revoked generation=3 count=3\n"));
        Thread.Sleep(2500);
        Assert.That(DriverShell.Fields(DriverShell.Line(machine.Command("drivers"), "driver edu ")!)["state"], Is.EqualTo("Failed"), "Failed is terminal");
    }
}
