using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// Transparent recovery as a client sees it: `blk soak` writes and verifies on
// a device while its driver instance is crashed once per kind given; then the
// soak must have lost, duplicated and corrupted nothing, and replayed what
// the crashes caught in flight.
public static class SoakUnderCrashes
{
    // Returns the driver instance's incarnation at the end.
    public static int Run(ZosMachine machine, string device, string driver, int incarnation, params string[] kinds)
    {
        Assert.That(machine.Command($"blk soak {device} start 8").Trim(), Is.EqualTo($"soak: started on {device} workers=8"));
        foreach (string kind in kinds)
        {
            WaitForProgress(machine, device);
            // The kernel's own log (a blocked DMA's) may come before the shell's answer.
            string injected = machine.Command($"inject {driver} {kind}");
            Assert.That(DriverShell.Line(injected, "injected: "), Is.EqualTo($"injected: {kind} into {driver} incarnation {incarnation}"), injected);
            DriverShell.WaitFor(machine, driver, "Running", ++incarnation, TimeSpan.FromSeconds(20));
        }
        WaitForProgress(machine, device);
        string stopped = machine.Command($"blk soak {device} stop");
        Assert.That(stopped, Does.Not.Contain("first problem:"), "no worker met a problem (a refused submit stops it)");
        var soak = Fields(stopped, device);
        Assert.That(soak["drained"], Is.EqualTo("yes"), "every request outstanding at the stop completed");
        Assert.That(soak["completed"], Is.EqualTo(soak["submitted"]), "every request completed");
        Assert.That((soak["unexpected"], soak["mismatches"], soak["failures"]), Is.EqualTo(("0", "0", "0")),
            "no request completed twice or with wrong data or an error");
        Assert.That(long.Parse(soak["replayed"]), Is.GreaterThan(0), "the crashes caught requests in flight, and they were replayed");
        string drivers = machine.Command("drivers");
        Assert.That(DriverShell.Fields(DriverShell.Line(drivers, $"driver {driver} ")!)["crashes"], Is.EqualTo(kinds.Length.ToString()), drivers);
        return incarnation;
    }

    // Until the soak has verified more rounds than at the last look.
    private static void WaitForProgress(ZosMachine machine, string device)
    {
        long before = long.Parse(Fields(machine.Command($"blk soak {device} status"), device)["verified"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            var soak = Fields(machine.Command($"blk soak {device} status"), device);
            if (long.Parse(soak["verified"]) > before + 8) return;
        }
        Assert.Fail("the soak made no progress:\n" + machine.Command($"blk soak {device} status") + machine.Command("drivers") + machine.Command("threads"));
    }

    private static Dictionary<string, string> Fields(string answer, string device)
    {
        Match line = Regex.Match(answer, $@"(?m)^soak: {device} .*$");
        Assert.That(line.Success, Is.True, answer);
        return DriverShell.Fields(line.Value);
    }
}
