using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// One boot serves every command test: commands do not change the machine.
[Category("qemu")]
public class ShellTests() : BootedOnce()
{
    [Test]
    public void HelpListsEveryCommand()
    {
        string answer = Machine.Command("help");
        foreach (var name in new[] { "help", "mem", "gc", "uptime", "cpu", "test", "fault", "threads", "irq", "domains", "bench", "halt", "reboot" })
            Assert.That(answer, Does.Match($"(?m)^{name}\\b"), $"help does not list {name}");
    }

    [Test]
    public void ALineTooLongIsAnErrorNotACutCommand()
    {
        string answer = Machine.Command("uptime" + new string(' ', 251) + "junk");
        Assert.That(answer.Trim(), Is.EqualTo("error: line too long: the shell takes at most 256 characters"));
        Assert.That(Machine.Command("uptime"), Does.Contain("uptime_ms"), "the shell reads the next line afresh");
    }

    [Test]
    public void HelpPutsALongUsageAndItsSummaryOnSeparateLines()
    {
        string answer = Machine.Command("help");
        Assert.That(answer, Does.Match(@"(?m)^edu factorial <0-12> \[--irq\] \| edu dma <1-4095>\r?\n {28}ask the edu driver"));
    }

    [Test]
    public void MemReportsFramesAndHeap()
    {
        Machine.Command("gc");
        var values = KeyValues(Machine.Command("mem"));
        Assert.That(values["usable_bytes"], Is.GreaterThan(200UL << 20), "QEMU gives 256 MiB");
        Assert.That(values["frames_free"] + values["frames_used"], Is.EqualTo(values["frames_total"]));
        Assert.That(values["heap_used_bytes"], Is.GreaterThan(0).And.LessThanOrEqualTo(values["heap_capacity_bytes"]));
        Assert.That(values["heap_used_bytes"] + values["heap_free_bytes"], Is.EqualTo(values["heap_capacity_bytes"]));
        Assert.That(values["heap_allocations"], Is.GreaterThan(0));
        Assert.That(values["heap_collections"], Is.GreaterThanOrEqualTo(1UL), "gc just collected");
    }

    [Test]
    public void GcCollectsAndReportsThePause()
    {
        var first = KeyValues(Machine.Command("gc"));
        var second = KeyValues(Machine.Command("gc"));
        Assert.That(first["heap_used_after_bytes"], Is.LessThanOrEqualTo(first["heap_used_before_bytes"]));
        Assert.That(second["heap_collections"], Is.EqualTo(first["heap_collections"] + 1));
        Assert.That(second["pause_us"], Is.GreaterThan(0UL));
    }

    [Test]
    public void ThreadsListsTheShellAndIdleThreads()
    {
        string answer = Machine.Command("threads");
        Assert.That(answer, Does.Match(@"(?m)^thread \d+ name=shell state=running priority=normal cpu_ms=\d+ switches=\d+ domain=-$"));
        Assert.That(answer, Does.Not.Match(@"(?m)^thread 0 "), "the boot thread ends once the shell runs");
        Assert.That(answer, Does.Match(@"(?m)^thread 1 name=idle state=(ready|running) priority=low cpu_ms=\d+ switches=\d+ domain=-$"));
        Assert.That(KeyValues(answer)["context_switches"], Is.GreaterThan(0UL), "the shell blocks for input, so the idle thread has run");
    }

    [Test]
    public void IrqCountsTheSerialLineAndTimerTicks()
    {
        ulong ticks = KeyValues(Machine.Command("irq"))["timer_ticks"];
        Thread.Sleep(200);
        string answer = Machine.Command("irq");
        Assert.That(answer, Does.Contain("controller: ioapic"));
        var serial = Regex.Match(answer, @"(?m)^irq 4 vector=52 count=(\d+) handlers=1 unclaimed=\d+$");
        Assert.That(serial.Success, answer);
        Assert.That(ulong.Parse(serial.Groups[1].Value), Is.GreaterThan(0UL), "typing the commands raised IRQ 4");
        Assert.That(KeyValues(answer)["timer_hz"], Is.EqualTo(1000UL));
        // Only that it advances: under a loaded TCG host QEMU delivers late ticks late, so no rate is asserted.
        Assert.That(KeyValues(answer)["timer_ticks"], Is.GreaterThan(ticks), "the tick advanced over 200 ms");
    }

    [Test]
    public void BenchMeasuresContextSwitchesAndTheTick()
    {
        var switches = KeyValues(Machine.Command("bench switch"));
        Assert.That(switches["switches"], Is.EqualTo(20_000UL));
        Assert.That(switches["context_switch_ns"], Is.GreaterThan(0UL).And.LessThan(1_000_000UL));
        var tick = KeyValues(Machine.Command("bench tick"));
        Assert.That(tick["ticks_measured"], Is.GreaterThan(0UL));
        Assert.That(tick["tick_handler_ns"], Is.GreaterThan(0UL).And.LessThan(1_000_000UL), "a tick handler must be far shorter than the 1 ms tick");
    }

    [Test]
    public void UptimeAdvances()
    {
        ulong first = KeyValues(Machine.Command("uptime"))["uptime_ms"];
        Thread.Sleep(300);
        ulong second = KeyValues(Machine.Command("uptime"))["uptime_ms"];
        Assert.That(second, Is.GreaterThanOrEqualTo(first + 200));
    }

    [Test]
    public void CpuNamesTheProcessor()
    {
        string answer = Machine.Command("cpu");
        Assert.That(answer, Does.Match("(?m)^vendor: (AuthenticAMD|GenuineIntel)$"));
        Assert.That(answer, Does.Match("(?m)^features: .*sse2"));
        Assert.That(KeyValues(answer)["tsc_hz"], Is.GreaterThan(100_000_000UL));
    }

    [TestCase("frobnicate", "error: unknown command 'frobnicate' (type help for the list)")]
    [TestCase("mem now", "error: mem takes no arguments (usage: mem)")]
    [TestCase("gc now", "error: unknown gc action 'now' (usage: gc [bench])")]
    [TestCase("fault", "error: fault takes a kind and optionally --domain (usage: fault " + FaultUsage + ")")]
    [TestCase("fault sideways", "error: unknown fault kind 'sideways' (usage: fault " + FaultUsage + ")")]
    [TestCase("fault null --elsewhere", "error: unknown option '--elsewhere' (usage: fault " + FaultUsage + ")")]
    [TestCase("fault hang", "error: hang needs --domain (it would hang the shell) (usage: fault " + FaultUsage + ")")]
    [TestCase("threads all", "error: threads takes no arguments (usage: threads)")]
    [TestCase("bench sideways", "error: unknown benchmark 'sideways' (usage: bench switch|tick|ports)")]
    [TestCase("test no.such.test", "error: no test named 'no.such.test' (usage: test [name])")]
    [TestCase("echo \"unterminated", "error: unterminated quote")]
    public void BadInputGetsOneClearErrorAndTheShellGoesOn(string line, string expected)
    {
        Assert.That(Machine.Command(line).Trim(), Is.EqualTo(expected));
        Assert.That(Machine.Command("uptime"), Does.StartWith("uptime_ms: "));
    }

    private const string FaultUsage = "null|divide|opcode|index|cast|throw|overflow|hang|heap [--domain]";

    private static Dictionary<string, ulong> KeyValues(string answer) =>
        Regex.Matches(answer, @"(?m)^(\w+): (\d+)$").ToDictionary(m => m.Groups[1].Value, m => ulong.Parse(m.Groups[2].Value));
}
