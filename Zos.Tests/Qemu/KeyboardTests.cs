using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// The PS/2 keyboard as a person uses it: keys pressed on QEMU's emulated
// keyboard (the monitor's sendkey) reach the shell through the keyboard
// driver, and the answers are read on serial. The driver holds the 8042's two
// ports and IRQ 1 only, survives every kind of crash, and the line editor
// works the same from the keyboard and from a serial terminal's escape sequences.
[Category("qemu")]
public class KeyboardTests
{
    // The keyboard's policy counts a restart "in a row" unless it stayed up 2 s.
    private const int StableRunMilliseconds = 2100;
    private const string Esc = "\x1b";

    private string _socket = null!;
    private ZosMachine _machine = null!;
    private QemuMonitor _keyboard = null!;

    [OneTimeSetUp]
    public void Boot()
    {
        _socket = QemuMonitor.NewSocketPath();
        _machine = ZosMachine.Start(QemuMonitor.Arguments(_socket));
        _keyboard = QemuMonitor.Connect(_socket, TimeSpan.FromSeconds(10));
        _machine.WaitForPrompt();
        DriverShell.WaitFor(_machine, "kbd0", "Running", 1, TimeSpan.FromSeconds(20));
    }

    [OneTimeTearDown]
    public void ShutDown()
    {
        _keyboard?.Dispose();
        _machine?.Dispose();
        File.Delete(_socket);
    }

    // Types the line and Enter on the keyboard; returns the echoed line and the answer up to the next prompt.
    private (string Echo, string Answer) TypeLine(string keysOrText, params string[] keys)
    {
        _keyboard.Type(keysOrText);
        foreach (string key in keys) _keyboard.SendKey(key);
        _keyboard.SendKey("ret");
        string typed = _machine.WaitFor(ZosMachine.Prompt, ZosMachine.CommandTimeout);
        int lineEnd = typed.IndexOf('\n');
        return lineEnd < 0 ? (typed, "") : (typed[..lineEnd], typed[(lineEnd + 1)..]);
    }

    [Test]
    public void HelpTypedOnTheKeyboardIsAnswered()
    {
        var (echo, answer) = TypeLine("help");
        Assert.That(echo, Is.EqualTo("help"), "the keys were echoed as typed");
        foreach (var name in new[] { "help", "drivers", "inject", "uptime" })
            Assert.That(answer, Does.Match($"(?m)^{name}\\b"), $"help lists {name}");
    }

    [Test]
    public void TheKeyboardDriverHoldsTheTwoPortsAndIrq1AndNothingElse()
    {
        Assert.That(_machine.Output, Does.Contain("platform device i8042 (8042 keyboard controller) present: assumed: FADT revision 1 has no IA-PC boot architecture flags\n"),
            "pc's FADT is ACPI 1.0's: the legacy PC's 8042 is assumed");
        Assert.That(_machine.Output, Does.Contain("driver kbd0 bound to i8042 ports 0x60,0x64 irqs 1,12\n"));
        string drivers = _machine.Command("drivers");
        var fields = DriverShell.Fields(DriverShell.Line(drivers, "driver kbd0 ")!);
        Assert.That((fields["device"], fields["ids"], fields["state"]), Is.EqualTo(("i8042", "platform", "Running")));
        Assert.That(DriverShell.Line(drivers, "holds kbd0 "),
            Is.EqualTo("holds kbd0 \"ports 0x60..0x60 read,write\" \"ports 0x64..0x64 read,write\" \"irq 1 wait,acknowledge\""));
        Assert.That(DriverShell.Line(drivers, "status kbd0 "), Does.Contain("scan code set 2 translated to set 1"));
        var owner = DriverShell.Fields(DriverShell.Line(_machine.Command("caps kbd0"), "owner kbd0 ")!);
        Assert.That(owner["capabilities"], Is.EqualTo("3"));

        ulong Interrupts() => ulong.Parse(Regex.Match(_machine.Command("irq"), @"(?m)^irq 1 .*?count=(\d+)").Groups[1].Value);
        ulong Keys() => ulong.Parse(Regex.Match(DriverShell.Line(_machine.Command("drivers"), "status kbd0 ")!, @"; keys (\d+), dropped 0,").Groups[1].Value);
        ulong before = Interrupts(), keysBefore = Keys();
        TypeLine("uptime");
        Assert.That(Interrupts(), Is.GreaterThanOrEqualTo(before + 7), "each of the 7 keys interrupted on IRQ 1 (a press and its release may share one)");
        Assert.That(Keys(), Is.EqualTo(keysBefore + 7), "the driver counts the 7 keys it typed, none dropped");
        Assert.That(_machine.Command("irq"), Does.Match(@"(?m)^irq 1 .*handlers=1\b"), "only the keyboard driver is on IRQ 1");
    }

    [TestCase("throw", "unhandled exception", "unhandled exception", "System.InvalidOperationException: injected exception")]
    [TestCase("null", "managed fault", "null dereference", "#PF page fault at")]
    [TestCase("hang", "watchdog", "watchdog", "without yielding")]
    [TestCase("stall", "watchdog", "request deadline passed", "past its deadline")]
    [TestCase("port", "explicit failure", "explicit failure", "the manifest of ps2-keyboard does not declare I/O ports of BAR 0")]
    [TestCase("mmio", "capability violation", "capability violation", "violation: out of range owner kbd0 cap ports 0x64..0x64")]
    [TestCase("oom", "memory quota", "memory quota exceeded", "memory quota of 256 KiB exceeded")]
    public void EveryCrashIsContainedAndTheKeyboardTypesAgain(string kind, string cause, string crashKind, string messagePart)
    {
        int incarnation = int.Parse(DriverShell.WaitForUptime(_machine, "kbd0", StableRunMilliseconds)["incarnation"]);

        Assert.That(_machine.Command("inject kbd0 " + kind).Trim(), Is.EqualTo($"injected: {kind} into kbd0 incarnation {incarnation}"));
        var after = DriverShell.WaitFor(_machine, "kbd0", "Running", incarnation + 1, TimeSpan.FromSeconds(20));

        Assert.That(after["incarnation"], Is.EqualTo((incarnation + 1).ToString()), "one crash, one restart");
        string drivers = _machine.Command("drivers");
        var crash = DriverShell.Fields(DriverShell.Line(drivers, "crash kbd0 ")!);
        Assert.That((crash["cause"], crash["kind"], crash["incarnation"]), Is.EqualTo((cause, crashKind, incarnation.ToString())));
        Assert.That(crash["message"], Does.Contain(messagePart));
        Assert.That(DriverShell.Line(drivers, "holds kbd0 "),
            Is.EqualTo("holds kbd0 \"ports 0x60..0x60 read,write\" \"ports 0x64..0x64 read,write\" \"irq 1 wait,acknowledge\""),
            "the new incarnation holds the same two ports and interrupt, granted afresh");

        var (echo, answer) = TypeLine("uptime");
        Assert.That(echo, Is.EqualTo("uptime"));
        Assert.That(answer, Does.StartWith("uptime_ms: "), "the restarted driver types again");
    }

    [Test]
    public void KeysTypedWhileTheDriverIsDownMayBeLostTheConsoleIsNot()
    {
        int incarnation = int.Parse(DriverShell.WaitForUptime(_machine, "kbd0", StableRunMilliseconds)["incarnation"]);
        _machine.Command("inject kbd0 hang");
        Assert.That(_machine.Command("uptime"), Does.StartWith("uptime_ms: "), "serial answers while the keyboard driver spins");
        _keyboard.Type("mem");
        DriverShell.WaitFor(_machine, "kbd0", "Running", incarnation + 1, TimeSpan.FromSeconds(20));

        _keyboard.SendKey("ctrl-c");
        Assert.That(_machine.WaitFor(ZosMachine.Prompt, ZosMachine.CommandTimeout), Does.EndWith("^C\n"),
            "whatever of mem got through is abandoned");
        Assert.That(TypeLine("uptime").Answer, Does.StartWith("uptime_ms: "));
    }

    [Test]
    public void KeyboardEditingKeysHistoryCapsLockAndCtrlC()
    {
        Assert.That(TypeLine("uptme", "left", "left", "i").Answer, Does.StartWith("uptime_ms: "), "left twice, then i goes in before the m");
        Assert.That(TypeLine("xuptimez", "home", "delete", "end", "backspace").Answer, Does.StartWith("uptime_ms: "));
        TypeLine("mem");
        var (recalled, answer) = TypeLine("", "up", "up");
        Assert.That(answer, Does.StartWith("uptime_ms: "), "up twice recalls the line before mem");
        Assert.That(recalled, Does.EndWith("uptime" + Esc + "[K"), "the recalled line is drawn over the old one");

        _keyboard.SendKey("caps_lock");
        Assert.That(TypeLine("uptime").Answer.Trim(), Is.EqualTo("error: unknown command 'UPTIME' (type help for the list)"), "caps lock is on");
        _keyboard.SendKey("caps_lock");
        Assert.That(TypeLine("Uptime").Answer.Trim(), Is.EqualTo("error: unknown command 'Uptime' (type help for the list)"),
            "caps lock is off again, shift still shifts");

        _keyboard.Type("blk wr");
        _keyboard.SendKey("ctrl-c");
        Assert.That(_machine.WaitFor(ZosMachine.Prompt, ZosMachine.CommandTimeout), Is.EqualTo("blk wr^C\n"), "Ctrl-C abandons the line");
        Assert.That(_machine.Command("uptime"), Does.StartWith("uptime_ms: "));
    }

    [Test]
    public void SerialEscapeSequencesEditTheLineLikeTheKeyboard()
    {
        Assert.That(_machine.Command("uptme" + Esc + "[D" + Esc + "[D" + "i"), Does.StartWith("uptime_ms: "));
        Assert.That(_machine.Command("xuptimez" + Esc + "[H" + Esc + "[3~" + Esc + "[F" + "\x7f"), Does.StartWith("uptime_ms: "));
        Assert.That(_machine.Command("xuptimez" + Esc + "[1~" + Esc + "[3~" + Esc + "[4~" + "\b"), Does.StartWith("uptime_ms: "));
        _machine.Command("mem");
        Assert.That(_machine.Command(Esc + "[A" + Esc + "[A"), Does.StartWith("uptime_ms: "), "up twice recalls the line before mem");
        Assert.That(_machine.Command(Esc + "[A" + Esc + "[A" + Esc + "[B"), Does.StartWith("uptime_ms: "), "down comes back one line");

        _machine.SendBytes("blk wr" + Esc + "[D\x03");
        Assert.That(_machine.WaitFor(ZosMachine.Prompt, ZosMachine.CommandTimeout), Is.EqualTo("blk wr" + Esc + "[1D^C\n"));
        Assert.That(_machine.Command("uptime"), Does.StartWith("uptime_ms: "), "the next command is answered");
    }
}

// On q35 the firmware's FADT (revision 3) has the IA-PC boot architecture flags, and they name the 8042.
[Category("qemu")]
public class KeyboardOnQ35Tests
{
    [Test]
    public void TheFadtNamesThe8042AndTheKeyboardTypes()
    {
        string socket = QemuMonitor.NewSocketPath();
        using var machine = ZosMachine.Start(["-machine", "q35", .. QemuMonitor.Arguments(socket)]);
        using var keyboard = QemuMonitor.Connect(socket, TimeSpan.FromSeconds(10));
        try
        {
            machine.WaitForPrompt();
            Assert.That(machine.Output, Does.Contain("platform device i8042 (8042 keyboard controller) present: the FADT's IA-PC boot architecture flags 0x2 name an 8042\n"));
            DriverShell.WaitFor(machine, "kbd0", "Running", 1, TimeSpan.FromSeconds(20));
            keyboard.Type("uptime\n");
            Assert.That(machine.WaitFor(ZosMachine.Prompt, ZosMachine.CommandTimeout), Does.StartWith("uptime\nuptime_ms: "));
        }
        finally
        {
            File.Delete(socket);
        }
    }
}
