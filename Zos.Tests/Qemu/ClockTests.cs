using System.Diagnostics;
using System.Text.RegularExpressions;
using Zos.Kernel.Platform;

namespace Zos.Tests.Qemu;

// The clock keeps host time even when the host stalls the virtual CPU in the
// middle of calibration (the kernel option makes one window's end reading
// wait 40 ms, as such a stall would: alone, that window is 5x off), against
// each reference the machine may offer.
public abstract class ClockTests(string reference, params string[] qemuArguments)
    : BootedOnce([.. qemuArguments, "-fw_cfg", $"name=opt/zos/options,string={KernelClock.StallOption}=40"])
{
    [Test]
    public void TheStalledWindowIsRejectedAndFiveSecondsInZosAreFiveSecondsOfHostTime()
    {
        var clock = Fields(Machine.Command("clock"));
        var agreed = Regex.Match(clock["calibration"], $@"^{reference} \d+ Hz, (\d) of 7 windows agreed in round 1$");
        Assert.That(agreed.Success, clock["calibration"]);
        Assert.That(int.Parse(agreed.Groups[1].Value), Is.InRange(3, 6), "the stalled window is not among those that agreed");

        ulong before = ulong.Parse(Fields(Machine.Command("uptime"))["uptime_ms"]);
        var host = Stopwatch.StartNew();
        Thread.Sleep(5000);
        ulong after = ulong.Parse(Fields(Machine.Command("uptime"))["uptime_ms"]);
        double ratio = (after - before) / host.Elapsed.TotalMilliseconds;
        Assert.That(ratio, Is.InRange(0.97, 1.03), $"Zos measured {after - before} ms over {host.Elapsed.TotalMilliseconds:F0} ms of host time");
    }

    protected static Dictionary<string, string> Fields(string answer) =>
        answer.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": "))
            .ToDictionary(l => l[..l.IndexOf(": ", StringComparison.Ordinal)], l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
}

[Category("qemu")]
public class ClockOnHpetTests() : ClockTests("hpet")
{
    [Test]
    public void TheDisciplineKeepsTheClockOnTheHpet()
    {
        Thread.Sleep(2500);
        var clock = Fields(Machine.Command("clock"));
        Assert.That(clock["discipline"], Is.EqualTo("hpet every 1000 ms"));
        Assert.That(int.Parse(clock["corrections"]), Is.GreaterThanOrEqualTo(2));
        Assert.That(Math.Abs(long.Parse(clock["offset_ns"])), Is.LessThan(1_000_000), "within a millisecond of the HPET");
        double rate = double.Parse(clock["tsc_hz"]), measured = double.Parse(clock["measured_tsc_hz"]);
        Assert.That(rate / measured, Is.InRange(0.999, 1.001));
    }
}

// Without an HPET the ACPI PM timer is the reference (and nothing disciplines the clock after boot).
[Category("qemu")]
public class ClockOnPmTimerTests() : ClockTests("acpi-pm", "-machine", "pc,hpet=off")
{
    [Test]
    public void WithoutAnHpetNothingDisciplinesTheClockAndClockSaysWhy() =>
        Assert.That(Fields(Machine.Command("clock"))["discipline"], Is.EqualTo("none (the ACPI tables name no HPET)"));
}
