namespace Zos.Build;

// Makes sure the native tools the build, run and test steps use are present.
// On Debian or Ubuntu as root they are installed with apt-get; otherwise the
// build stops and prints the exact command to run.
public static class ToolInstaller
{
    // (command to look for, Debian package that provides it)
    private static readonly (string Command, string Package)[] Tools =
    [
        ("nasm", "nasm"),
        ("ld", "binutils"),
        ("nm", "binutils"),
        ("grub-mkrescue", "grub-common"),
        ("xorriso", "xorriso"),
        ("mformat", "mtools"),
        ("qemu-system-x86_64", "qemu-system-x86"),
        ("gdb", "gdb"),
    ];

    // BIOS boot needs the i386-pc platform files; UEFI boot the x86_64-efi ones.
    private static readonly (string Directory, string Package)[] GrubPlatforms =
    [
        ("/usr/lib/grub/i386-pc", "grub-pc-bin"),
        ("/usr/lib/grub/x86_64-efi", "grub-efi-amd64-bin"),
    ];

    public static void EnsureInstalled()
    {
        var missing = Tools.Where(t => !ProcessRunner.IsOnPath(t.Command)).Select(t => t.Package)
            .Concat(GrubPlatforms.Where(p => !Directory.Exists(p.Directory)).Select(p => p.Package))
            .Distinct().ToList();
        if (missing.Count == 0) return;

        string install = "apt-get install -y --no-install-recommends " + string.Join(' ', missing);
        bool canInstall = Environment.UserName == "root" && ProcessRunner.IsOnPath("apt-get");
        if (!canInstall)
            throw new BuildException($"Zos needs tools that are not installed: {string.Join(", ", missing)}.\nInstall them with:\n  sudo apt-get update && sudo {install}");

        Console.WriteLine($"zos: installing {string.Join(' ', missing)} with apt-get");
        var environment = new[] { "DEBIAN_FRONTEND=noninteractive" };
        ProcessRunner.RunChecked("env", [.. environment, "apt-get", "update", "-qq"]);
        ProcessRunner.RunChecked("env", [.. environment, .. install.Split(' ')]);
    }
}
