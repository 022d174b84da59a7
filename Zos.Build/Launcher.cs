using System.Diagnostics;

namespace Zos.Build;

// Boots the built ISO for a person at a terminal.
public static class Launcher
{
    // extraQemuArguments: e.g. "-device edu", to give the kernel devices to drive.
    public static int Run(RepositoryLayout layout, string[] extraQemuArguments)
    {
        Console.Error.WriteLine("zos: booting iso/zos.iso (quit QEMU with Ctrl-A X)");
        int exitCode = Start(QemuCommand.Arguments(layout.Iso, extraQemuArguments));
        if (exitCode == QemuCommand.PanicExitCode) Console.Error.WriteLine("zos: the kernel panicked (report above)");
        return exitCode == QemuCommand.PanicExitCode ? 1 : 0;
    }

    // The "no serial" profile: the shell is on the screen and typed at on the keyboard.
    public static int RunScreen(RepositoryLayout layout, string? displayName, string[] extraQemuArguments)
    {
        var display = QemuDisplay.Choose(displayName, QemuDisplay.Available(),
            graphicalSession: Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 },
            terminal: !Console.IsInputRedirected && !Console.IsOutputRedirected);
        string disk = layout.ScreenProfileDisk;
        if (!File.Exists(disk))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(disk)!);
            using var image = File.Create(disk);
            image.SetLength(ScreenProfileDiskBytes);
            Console.Error.WriteLine($"zos: created an empty {ScreenProfileDiskBytes >> 20} MiB disk {disk}");
        }
        Console.Error.WriteLine($"zos: booting iso/zos.iso on the no-serial machine (q35, AHCI disk {disk}, std VGA, PS/2, no serial port)");
        Console.Error.WriteLine($"zos: display {display.Name}{(display.TextScreen ? " (EGA text screen)" : "")}: {display.Hint}");
        return Start(QemuCommand.ScreenProfileArguments(layout.Iso, disk, display, extraQemuArguments));
    }

    private const long ScreenProfileDiskBytes = 64L << 20;

    // QEMU waits halted for gdb on port 1234. Hardware breakpoints are used because
    // GRUB loads the kernel after gdb attaches and would overwrite software ones.
    public static int Debug(RepositoryLayout layout, bool runGdb)
    {
        string[] gdb = GdbArguments(layout.KernelElf, "zos_kmain");
        Console.Error.WriteLine("zos: QEMU is waiting for gdb on localhost:1234. In another terminal run:");
        Console.Error.WriteLine("  gdb " + string.Join(' ', gdb.Select(a => a.Contains(' ') ? $"'{a}'" : a)));
        var qemuArguments = QemuCommand.Arguments(layout.Iso, "-s", "-S");
        if (!runGdb) return Start(qemuArguments);

        var qemuStart = new ProcessStartInfo(QemuCommand.Executable) { UseShellExecute = false, RedirectStandardInput = true };
        qemuArguments.ForEach(qemuStart.ArgumentList.Add);
        using var qemu = Process.Start(qemuStart)!;
        int exitCode = Start(gdb, "gdb");
        if (!qemu.HasExited) qemu.Kill();
        return exitCode;
    }

    public static string[] GdbArguments(string elf, string breakOn, int port = 1234) =>
    [
        elf,
        "-ex", "set architecture i386:x86-64",
        "-ex", $"target remote localhost:{port}",
        "-ex", "hbreak " + breakOn,
        "-ex", "continue",
    ];

    private static int Start(IEnumerable<string> arguments, string executable = QemuCommand.Executable)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new BuildException($"could not start {executable}");
        process.WaitForExit();
        return process.ExitCode;
    }
}
