using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// The shell on the screen, read back from QEMU's screendumps with the kernel's
// own font while commands are typed over serial: what serial answers is what
// the screen shows.
[Category("qemu")]
public class ScreenTests
{
    private const int BrightRed = 0xFF5555, BrightGreen = 0x55FF55, White = 0xFFFFFF, LightGray = 0xAAAAAA;
    private const string KeyboardHoldings = "holds kbd0 \"ports 0x60..0x60 read,write\" \"ports 0x64..0x64 read,write\" \"irq 1 wait,acknowledge\"";

    private static string[] AnswerLines(string answer) => answer.TrimEnd('\n').Split('\n');

    private static void AssertShellOnScreen(ScreenMachine screen)
    {
        screen.Machine.WaitForPrompt();
        ScreenText boot = screen.WaitForScreen(s => s.Rows.Any(r => r == "zos>"), "the prompt");
        int promptRow = Array.LastIndexOf(boot.Rows, "zos>");
        Assert.That(boot.Rows.Any(r => r.StartsWith("Zos booted in ")), Is.True, boot.ToString());
        Assert.That(boot.InkAt(promptRow, 0), Is.EqualTo(BrightGreen), "the prompt is green");

        string help = screen.Machine.Command("help");
        int helpRow = screen.WaitForLines("help's answer", ["zos> help", .. AnswerLines(help)]);
        Assert.That(screen.ReadScreen().InkAt(helpRow + 1, 0), Is.EqualTo(LightGray));

        string unknown = screen.Machine.Command("frobnicate");
        int errorRow = screen.WaitForLines("the error", ["zos> frobnicate", .. AnswerLines(unknown)]) + 1;
        Assert.That(screen.ReadScreen().InkAt(errorRow, 0), Is.EqualTo(BrightRed), "errors are red");
    }

    [Test]
    public void TheShellIsOnTheScreenAndAgreesWithSerial()
    {
        using var screen = ScreenMachine.StartWithDisk();
        AssertShellOnScreen(screen);
        Assert.That(screen.Machine.Command("screen"), Does.StartWith("screen: 128x48 text in a 1024x768x32 framebuffer"));

        DriverShell.WaitFor(screen.Machine, "blk0", "Running", 1, TimeSpan.FromSeconds(30));
        string blk = screen.Machine.Command("blk");
        Assert.That(blk, Does.Contain("blk0 "));
        screen.WaitForLines("blk's answer", ["zos> blk", .. AnswerLines(blk)]);
    }

    [Test]
    public void UnderUefiTheShellIsOnTheFramebufferGrubSetUp()
    {
        using var screen = ScreenMachine.Start("-bios", ToolInstaller.OvmfFirmware);
        AssertShellOnScreen(screen);
        Assert.That(screen.Machine.Command("screen"), Does.Match(@"^screen: \d+x\d+ text in a \d+x\d+x32 framebuffer"));
    }

    [Test]
    public void APanicReportIsOnTheScreenInWhiteOnRed()
    {
        using var screen = ScreenMachine.StartStayingAfterPanic();
        screen.Machine.WaitForPrompt();
        screen.Machine.Send("fault null");
        string report = screen.Machine.WaitFor("*** END PANIC ***", ZosMachine.CommandTimeout);
        var lines = AnswerLines(report[report.IndexOf("*** ZOS PANIC ***", StringComparison.Ordinal)..] + "*** END PANIC ***");
        // The report may be taller than the screen: its end, as much as fits.
        var tail = lines.TakeLast(40).ToArray();
        int row = screen.WaitForLines("the end of the panic report", tail);
        ScreenText shown = screen.ReadScreen();
        Assert.That(shown.Rows, Does.Contain("kind: null dereference"));
        Assert.That(shown.InkAt(row + tail.Length - 1, 0), Is.EqualTo(White));
        Assert.That(Regex.IsMatch(shown.ToString(), @"(?m)^method: Zos\.Shell\.Tools\.DeliberateFaults\.DereferenceNull\+0x[0-9a-f]+$"), Is.True, shown.ToString());
    }

    // GRUB's EGA text screen, asked for by the SMBIOS family grub.cfg looks at:
    // what a BIOS machine without VBE gives. Read from the adapter's memory.
    [Test]
    public void OnTheEgaTextScreenTheShellIsInTheAdaptersCells()
    {
        using var screen = ScreenMachine.Start("-smbios", "type=1,family=zos-text-screen");
        screen.Machine.WaitForPrompt();
        string answer = screen.Machine.Command("screen");
        Assert.That(answer, Does.StartWith("screen: 80x25 EGA text; EGA text 80x25 at 0xb8000"));
        string unknown = screen.Machine.Command("frobnicate");
        string[] expected = ["zos> screen", .. AnswerLines(answer), "zos> frobnicate", .. AnswerLines(unknown), "zos>"];
        string[] rows = [];
        var deadline = DateTime.UtcNow + ScreenMachine.ScreenTimeout;
        while (DateTime.UtcNow < deadline && !Contains(rows = EgaRows(screen.Qmp), expected)) Thread.Sleep(200);
        Assert.That(Contains(rows, expected), Is.True, "the EGA cells show:\n" + string.Join("\n", rows));
        int promptRow = Array.FindLastIndex(rows, r => r == "zos>");
        Assert.That(EgaAttribute(screen.Qmp, promptRow, 0), Is.EqualTo(0x0A), "the prompt is bright green on black");
        Assert.That(EgaAttribute(screen.Qmp, promptRow - 1, 0), Is.EqualTo(0x0C), "errors are bright red on black");
    }

    // `zos run --screen`'s machine: q35 with an AHCI disk and no serial port at all (VirtualBox's default).
    // Only the screen says anything: the boot's lines, the AHCI controller bound, the prompt; only the
    // keyboard types: a missing UART must not be read as input.
    [Test]
    public void TheNoSerialMachineShowsTheBootOnTheScreenAndTakesTypingFromTheKeyboard()
    {
        string directory = Directory.CreateTempSubdirectory("zos-no-serial-").FullName;
        string disk = Path.Combine(directory, "disk.img"), socket = Path.Combine(directory, "qmp.sock");
        File.WriteAllBytes(disk, new byte[4 << 20]);
        var start = new System.Diagnostics.ProcessStartInfo(QemuCommand.Executable) { UseShellExecute = false };
        var noDisplay = new QemuDisplay("none", ["-display", "none"], false, "");
        QemuCommand.ScreenProfileArguments(ZosMachine.Iso, disk, noDisplay, "-qmp", QmpClient.Arguments(socket)).ForEach(start.ArgumentList.Add);
        using var qemu = System.Diagnostics.Process.Start(start)!;
        try
        {
            using var qmp = QmpClient.Connect(socket, ZosMachine.BootTimeout);
            ScreenText screen = ScreenMachine.WaitForScreen(qmp, ScreenReader.ForTheImage(), s => s.Rows.Contains("zos>"), "the prompt", () => "");
            Assert.That(screen.Rows.Any(r => r.StartsWith("driver ahci0 bound to 00:1f.2 8086:2922")), Is.True, screen.ToString());
            Assert.That(screen.Rows.Any(r => r.StartsWith("Zos booted in ")), Is.True, screen.ToString());

            ScreenText Typed(string line, Func<string, bool> answerRow, string what)
            {
                foreach (char c in line + "\n") Assert.That(qmp.HumanCommand($"sendkey {QemuMonitor.KeyName(c)} {QemuMonitor.HoldMilliseconds}").Trim(), Is.Empty);
                return ScreenMachine.WaitForScreen(qmp, ScreenReader.ForTheImage(), s => s.Rows.Any(answerRow), what, () => "");
            }

            ScreenText answered = Typed("blk", r => r.StartsWith("ahci0p0 "), "blk's answer");
            Assert.That(answered.Rows, Does.Contain("zos> blk"), "the typed line was echoed");
            Typed("drivers", r => r == KeyboardHoldings, "the keyboard driver's two ports and one interrupt");
            Typed("inject kbd0 throw", r => r == "injected: throw into kbd0 incarnation 1", "the injection");
            // Keys typed while the driver restarts may be lost: wait for the next incarnation to answer.
            Thread.Sleep(2000);
            Typed("drivers", r => r.StartsWith("driver kbd0 ") && r.Contains(" state=Running incarnation=2"), "the keyboard driver's next incarnation");
        }
        finally
        {
            qemu.Kill(entireProcessTree: true);
            qemu.WaitForExit();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool Contains(string[] rows, string[] lines) =>
        Enumerable.Range(0, Math.Max(0, rows.Length - lines.Length + 1)).Any(start => lines.Select((l, i) => rows[start + i] == l.TrimEnd()).All(x => x));

    // The 80x25 cells at 0xB8000 through QEMU's `xp`: the character is each word's low byte.
    private static ushort[] EgaCells(QmpClient qmp) =>
        Regex.Matches(qmp.HumanCommand("xp /2000xh 0xb8000"), @"0x([0-9a-f]{4})\b").Select(m => Convert.ToUInt16(m.Groups[1].Value, 16)).ToArray();

    private static string[] EgaRows(QmpClient qmp)
    {
        ushort[] cells = EgaCells(qmp);
        return Enumerable.Range(0, cells.Length / 80).Select(r => new string(cells.Skip(r * 80).Take(80).Select(c => (char)(c & 0xFF)).ToArray()).TrimEnd()).ToArray();
    }

    private static int EgaAttribute(QmpClient qmp, int row, int column) => EgaCells(qmp)[row * 80 + column] >> 8;
}
