namespace Zos.Build;

// Where `zos run --screen` shows the machine's screen: a window (gtk, else sdl)
// when there is a graphical session and QEMU has the module for it (Debian's
// qemu-system-gui), else the terminal (curses, which shows VGA text only: the
// machine is then asked for GRUB's EGA text screen), else a VNC server on
// localhost. `--display NAME` picks one of them by name.
public sealed record QemuDisplay(string Name, string[] Arguments, bool TextScreen, string Hint)
{
    public const string VncAddress = "127.0.0.1:0";

    // The SMBIOS family grub.cfg reads to ask GRUB for the EGA text screen instead of a framebuffer.
    public static readonly string[] TextScreenArguments = ["-smbios", "type=1,family=zos-text-screen"];

    public static QemuDisplay Choose(string? requested, IReadOnlyCollection<string> available, bool graphicalSession, bool terminal)
    {
        string name = requested
            ?? (graphicalSession && available.Contains("gtk") ? "gtk"
            : graphicalSession && available.Contains("sdl") ? "sdl"
            : terminal && available.Contains("curses") ? "curses"
            : "vnc");
        return name switch
        {
            "gtk" or "sdl" => new(name, ["-display", name], false, "close the window to stop it"),
            "curses" => new(name, ["-display", "curses", .. TextScreenArguments], true, "Esc then 2 opens QEMU's monitor, where quit stops it"),
            "vnc" => new(name, ["-display", "none", "-vnc", VncAddress], false, $"connect a VNC viewer to {VncAddress.Replace(":0", ":5900")}; Ctrl-C here stops it"),
            _ => throw new BuildException($"unknown display '{name}': gtk, sdl, curses or vnc"),
        };
    }

    // The display back-ends this QEMU lists in `-display help` (gtk and sdl only with qemu-system-gui installed).
    public static IReadOnlyCollection<string> Available()
    {
        var result = ProcessRunner.Run(QemuCommand.Executable, ["-display", "help"]);
        var names = result.Output.Split('\n').Select(l => l.Trim())
            .SkipWhile(l => !l.StartsWith("Available display backend types", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.Length > 0 && !l.Contains(' ')).ToHashSet();
        names.Add("vnc");
        return names;
    }
}
