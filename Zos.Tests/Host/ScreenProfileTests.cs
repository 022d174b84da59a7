using Zos.Build;

namespace Zos.Tests.Host;

// `zos run --screen`: the no-serial machine and where its screen is shown.
public class ScreenProfileTests
{
    private static readonly string[] Everything = ["gtk", "sdl", "curses", "vnc"];

    [TestCase(true, true, "gtk")]
    [TestCase(false, true, "curses")]
    [TestCase(false, false, "vnc")]
    public void ChoosesAWindowThenTheTerminalThenVnc(bool graphicalSession, bool terminal, string expected) =>
        Assert.That(QemuDisplay.Choose(null, Everything, graphicalSession, terminal).Name, Is.EqualTo(expected));

    // This machine's QEMU: no qemu-system-gui, so no window even in a graphical session.
    [Test]
    public void WithoutTheGuiModulesAGraphicalSessionGetsTheTerminal() =>
        Assert.That(QemuDisplay.Choose(null, ["curses", "vnc", "none"], graphicalSession: true, terminal: true).Name, Is.EqualTo("curses"));

    [Test]
    public void SdlWhenThereIsNoGtk() =>
        Assert.That(QemuDisplay.Choose(null, ["sdl", "curses", "vnc"], graphicalSession: true, terminal: true).Name, Is.EqualTo("sdl"));

    // curses draws VGA text only: the machine is asked for GRUB's EGA text screen.
    [Test]
    public void TheTerminalDisplayAsksForTheTextScreen()
    {
        var curses = QemuDisplay.Choose("curses", Everything, false, true);
        Assert.That(curses.TextScreen, Is.True);
        Assert.That(curses.Arguments, Is.EqualTo(new[] { "-display", "curses", "-smbios", "type=1,family=zos-text-screen" }));
        Assert.That(QemuDisplay.Choose("vnc", Everything, false, true).Arguments, Is.EqualTo(new[] { "-display", "none", "-vnc", "127.0.0.1:0" }));
    }

    [Test]
    public void AnUnknownDisplayIsRefused() =>
        Assert.That(() => QemuDisplay.Choose("braille", Everything, false, true), Throws.TypeOf<BuildException>().With.Message.Contains("unknown display 'braille'"));

    [Test]
    public void TheMachineIsQ35WithAnAhciDiskVgaAndNoSerialPort()
    {
        var arguments = QemuCommand.ScreenProfileArguments("zos.iso", "disk.img", QemuDisplay.Choose("vnc", Everything, false, false), "-m", "512M");
        string line = string.Join(' ', arguments);
        Assert.That(line, Does.Contain("-machine q35"));
        Assert.That(line, Does.Contain("-drive file=disk.img,if=none,id=d0,format=raw -device ide-hd,drive=d0,bus=ide.0"));
        Assert.That(line, Does.Contain("-vga std"));
        Assert.That(line, Does.Contain("-serial none"));
        Assert.That(line, Does.Not.Contain("isa-debug-exit"), "a panic stays on the screen");
        Assert.That(line, Does.EndWith("-m 512M"));
    }
}
