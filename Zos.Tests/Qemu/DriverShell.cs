using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// Reading the driver commands' "key=value" lines (values with spaces are quoted).
public static class DriverShell
{
    // The words of one line: "driver edu state=Running policy=\"a b\"" -> {state: Running, policy: a b}.
    public static Dictionary<string, string> Fields(string line) =>
        Regex.Matches(line, @"(\w+)=(""[^""]*""|\S+)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));

    // The fields of a block device's line in `blk`.
    public static Dictionary<string, string> Device(string list, string device)
    {
        string? line = Line(list, device + " ");
        Assert.That(line, Is.Not.Null, $"{device} in:\n{list}");
        return Fields(line!);
    }

    // The first line of the answer that starts with this prefix, or null.
    public static string? Line(string answer, string prefix) =>
        answer.Split('\n').Select(l => l.TrimEnd()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));

    // Polls `drivers` until the driver is in the state with at least this incarnation.
    public static Dictionary<string, string> WaitFor(ZosMachine machine, string driver, string state, int minIncarnation, TimeSpan timeout) =>
        PollLine(machine, "drivers", "driver " + driver + " ", fields => fields["state"] == state && int.Parse(fields["incarnation"]) >= minIncarnation,
            timeout, last => $"{driver} did not reach {state} (incarnation >= {minIncarnation}) in {timeout.TotalSeconds} s; last:\n{last}\n"
                // What every thread and domain was doing, so that a hang can be told apart from a slow start.
                + machine.Command("threads") + machine.Command("domains"));

    // Polls `blk` until the block device's description comes from at least
    // this driver incarnation (a new incarnation is Running before the block
    // service has asked it to identify its units again).
    public static Dictionary<string, string> WaitForIdentity(ZosMachine machine, string device, int minIncarnation, TimeSpan timeout) =>
        PollLine(machine, "blk", device + " ", fields => fields.TryGetValue("identified_by", out string? by) && int.Parse(by) >= minIncarnation,
            timeout, last => $"{device} was not identified by incarnation {minIncarnation} or later in {timeout.TotalSeconds} s; last:\n{last}");

    // Runs the command until the line starting with prefix has fields that pass; fails with failure(last answer) at the timeout.
    private static Dictionary<string, string> PollLine(ZosMachine machine, string command, string prefix, Func<Dictionary<string, string>, bool> passes,
        TimeSpan timeout, Func<string, string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = machine.Command(command);
            string? line = Line(last, prefix);
            if (line is not null && passes(Fields(line))) return Fields(line);
            Thread.Sleep(50);
        }
        Assert.Fail(failure(last));
        return null!;
    }

    // Polls until the running incarnation has stayed up this long (so that it counts as a stable run).
    // Fails after 20 s plus the uptime asked for, never hangs.
    public static Dictionary<string, string> WaitForUptime(ZosMachine machine, string driver, int milliseconds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20) + TimeSpan.FromMilliseconds(milliseconds);
        var fields = WaitFor(machine, driver, "Running", 1, TimeSpan.FromSeconds(20));
        while (int.Parse(fields["uptime_ms"]) < milliseconds)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{driver} did not stay Running for {milliseconds} ms before the deadline; last uptime_ms={fields["uptime_ms"]}");
            Thread.Sleep(100);
            fields = WaitFor(machine, driver, "Running", 1, TimeSpan.FromSeconds(20));
        }
        return fields;
    }
}
