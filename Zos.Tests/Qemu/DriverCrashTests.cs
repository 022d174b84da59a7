using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// Each way a driver can crash, committed by the edu driver on request: the
// crash is contained in its domain, recorded with its cause (and the method,
// for faults), its capabilities are revoked and regranted to a new
// generation, and its policy (restart at once) brings it back to Running.
[Category("qemu")]
public class DriverCrashTests() : BootedOnce("-device", "edu")
{
    // The edu policy counts a restart "in a row" unless the driver stayed up 2 s.
    private const int StableRunMilliseconds = 2100;

    [TestCase("throw", "unhandled exception", "unhandled exception", "FaultInjection.Throw", "System.InvalidOperationException: injected exception")]
    [TestCase("null", "managed fault", "null dereference", "FaultInjection.NullDereference", "#PF page fault at")]
    [TestCase("hang", "watchdog", "watchdog", null, "ran 5")]
    [TestCase("stall", "watchdog", "request deadline passed", null, "deadline")]
    [TestCase("port", "explicit failure", "explicit failure", "FaultInjection.UngrantedPorts",
        "I/O ports: not permitted: the manifest of edu does not declare I/O ports of BAR 0")]
    [TestCase("mmio", "capability violation", "capability violation", "Edu.EduDriver.ReadPastBar0", "violation: out of range owner edu cap mmio")]
    [TestCase("oom", "memory quota", "memory quota exceeded", "FaultInjection.OutOfMemory", "memory quota of 512 KiB exceeded: ")]
    public void CrashIsContainedRecordedRevokedAndRestarted(string kind, string cause, string crashKind, string? method, string messagePart)
    {
        int incarnation = int.Parse(DriverShell.WaitForUptime(Machine, "edu", StableRunMilliseconds)["incarnation"]);
        string capsBefore = Machine.Command("caps edu");
        var before = DriverShell.Fields(DriverShell.Line(capsBefore, "owner edu ")!);
        string vector = Regex.Match(capsBefore, @"what=""msi vector (0x[0-9a-f]{2}) ").Groups[1].Value;
        Assert.That(vector, Is.Not.Empty, "the driver runs on MSI:\n" + capsBefore);
        int generation = int.Parse(before["generation"]);

        Assert.That(Machine.Command("inject edu " + kind).Trim(), Is.EqualTo($"injected: {kind} into edu incarnation {incarnation}"));
        // A stalled driver is alive to the heartbeat watch: the deadline of a request it is handed catches it.
        if (kind == "stall") Assert.That(Machine.Command("edu factorial 5"), Does.StartWith("error: no answer from edu"));
        var after = DriverShell.WaitFor(Machine, "edu", "Running", incarnation + 1, TimeSpan.FromSeconds(20));

        Assert.That(after["incarnation"], Is.EqualTo((incarnation + 1).ToString()), "one crash, one restart");
        Assert.That(int.Parse(after["restart_latency_us"]), Is.GreaterThan(0), "restart latency is measured");
        var phases = DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "restart edu ")!);
        long Sum(params string[] names) => names.Sum(n => long.Parse(phases[n]));
        Assert.That(Sum("recovery_us", "waited_us", "spawn_us", "initialize_us", "probe_us"), Is.InRange(1, long.Parse(after["restart_latency_us"])),
            "the restart's phases lie within crash → Running");
        Assert.That(Sum("stop_threads_us", "revoke_capabilities_us", "mask_interrupts_us", "stop_dma_us", "reclaim_memory_us"),
            Is.LessThanOrEqualTo(long.Parse(phases["recovery_us"])), "the recovery's steps lie within it");
        var crash = DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "crash edu ")!);
        Assert.That((crash["cause"], crash["kind"], crash["in_state"], crash["incarnation"]),
            Is.EqualTo((cause, crashKind, "Running", incarnation.ToString())));
        if (method is null) Assert.That(crash["method"], Is.EqualTo("-"));
        else Assert.That(crash["method"], Does.Match($@"^Zos\.Drivers\.{Regex.Escape(method)}\+0x[0-9a-f]+$"));
        Assert.That(crash["message"], Does.Contain(messagePart));

        string caps = Machine.Command("caps edu");
        var owner = DriverShell.Fields(DriverShell.Line(caps, "owner edu ")!);
        Assert.That(owner["generation"], Is.EqualTo((generation + 1).ToString()), "the restart started a new generation");
        Assert.That(caps, Does.Contain($"revoked generation={generation} count=3\n"), "every capability of the crashed incarnation was revoked");
        Assert.That(caps, Does.Contain($"revoked_cap \"msi vector {vector} wait,acknowledge\"\n"));
        var capLines = caps.Split('\n').Where(l => l.StartsWith("cap ")).ToList();
        Assert.That(capLines, Has.Count.EqualTo(3));
        Assert.That(capLines, Has.One.Contains($"what=\"msi vector {vector} wait,acknowledge\""), "the next incarnation gets the same vector back");
        Assert.That(capLines, Is.All.Contains($"generation={generation + 1} state=valid"), "the new incarnation holds fresh grants");
        int violations = int.Parse(owner["violations"]) - int.Parse(before["violations"]);
        int denials = int.Parse(owner["denials"]) - int.Parse(before["denials"]);
        Assert.That((violations, denials), Is.EqualTo((kind == "mmio" ? 1 : 0, kind == "port" ? 1 : 0)));
        if (kind == "port")
            Assert.That(caps, Does.Contain("denial: not permitted owner edu cap - at 0x0 (the manifest of edu does not declare I/O ports of BAR 0)"),
                "the request was denied before any port was named; no port capability exists");

        Assert.That(Machine.Command("edu factorial 5").Trim(), Is.EqualTo("factorial: 120"), "the restarted driver works");
        Assert.That(Regex.IsMatch(Machine.Command("domains"), $@"(?m)^domain \d+ name=edu#{incarnation} state=stopped threads=0 "),
            Is.True, "the crashed incarnation's domain was stopped");
    }

    [Test]
    public void AFaultAStalledDriverNeverTakesIsReportedPendingNotInjected()
    {
        int incarnation = int.Parse(DriverShell.WaitForUptime(Machine, "edu", StableRunMilliseconds)["incarnation"]);
        Assert.That(Machine.Command("inject edu stall").Trim(), Is.EqualTo($"injected: stall into edu incarnation {incarnation}"));

        Assert.That(Machine.Command("inject edu throw").Trim(), Is.EqualTo($"pending: throw into edu incarnation {incarnation}, "
            + "not taken within 1000 ms (the driver is not looking: stalled or busy)"));

        // The stall ends at the next request's deadline; the pending fault dies with its incarnation.
        Machine.Command("edu factorial 5");
        DriverShell.WaitFor(Machine, "edu", "Running", incarnation + 1, TimeSpan.FromSeconds(20));
        var crash = DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "crash edu ")!);
        Assert.That((crash["kind"], crash["incarnation"]), Is.EqualTo(("request deadline passed", incarnation.ToString())));
        Assert.That(Machine.Command("edu factorial 5").Trim(), Is.EqualTo("factorial: 120"));
    }

    // The driver's objects are charged to its domain; once the domain is
    // stopped and collected, its account gives them back.
    [Test]
    public void DomainMemoryIsChargedToTheDriverAndGivenBackAfterACrash()
    {
        int incarnation = int.Parse(DriverShell.WaitForUptime(Machine, "edu", StableRunMilliseconds)["incarnation"]);
        var (used, quota) = DomainMemory(incarnation, "running");
        Assert.That(quota, Is.EqualTo(512), "the quota of edu's manifest");
        Assert.That(used, Is.LessThan(quota));

        Machine.Command("inject edu oom");
        DriverShell.WaitFor(Machine, "edu", "Running", incarnation + 1, TimeSpan.FromSeconds(20));
        Assert.That(DomainMemory(incarnation, "stopped").Used, Is.GreaterThan(400), "the crash came near the quota");

        Machine.Command("gc");
        Assert.That(DomainMemory(incarnation, "stopped").Used, Is.LessThan(64), "what the crashed incarnation held was collected and credited back");
        Assert.That(DomainMemory(incarnation + 1, "running").Quota, Is.EqualTo(512), "the new incarnation has its own account");
    }

    private (int Used, int Quota) DomainMemory(int incarnation, string state)
    {
        string domains = Machine.Command("domains");
        Match line = Regex.Match(domains, $@"(?m)^domain \d+ name=edu#{incarnation} state={state} .* memory_kib=(\d+)/(\d+)");
        Assert.That(line.Success, Is.True, $"edu#{incarnation} {state} with its memory in:\n{domains}");
        return (int.Parse(line.Groups[1].Value), int.Parse(line.Groups[2].Value));
    }
}
