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

    // UEFI firmware for QEMU (the tests boot the ISO under it too).
    public const string OvmfFirmware = "/usr/share/ovmf/OVMF.fd";
    private const string OvmfPackage = "ovmf";

    public static void EnsureInstalled() =>
        Install(Tools.Where(t => !ProcessRunner.IsOnPath(t.Command)).Select(t => t.Package)
            .Concat(GrubPlatforms.Where(p => !Directory.Exists(p.Directory)).Select(p => p.Package))
            .Concat(File.Exists(OvmfFirmware) ? [] : [OvmfPackage]));

    // For tools only some steps need (the benchmarks' fio), checked when that step runs.
    public static void EnsureCommands(params (string Command, string Package)[] tools) =>
        Install(tools.Where(t => !ProcessRunner.IsOnPath(t.Command)).Select(t => t.Package));

    // A file from a Debian package, without installing the package: the installed file when the
    // package is installed, else the file from the package downloaded (apt-get download, as any
    // user) and unpacked (dpkg-deb -x) into the cache directory, once.
    public static string PackageFile(string package, string path, string cacheDirectory)
    {
        if (File.Exists(path)) return path;
        string unpacked = Path.Combine(cacheDirectory, package);
        string cached = Path.Combine(unpacked, path.TrimStart('/'));
        if (File.Exists(cached)) return cached;
        if (!ProcessRunner.IsOnPath("apt-get") || !ProcessRunner.IsOnPath("dpkg-deb"))
            throw new BuildException($"Zos needs {path} from the Debian package {package}.\nInstall it with:\n  sudo apt-get install {package}");

        string downloads = Path.Combine(cacheDirectory, "downloads");
        Directory.CreateDirectory(downloads);
        Console.WriteLine($"zos: downloading the Debian package {package} for {Path.GetFileName(path)}");
        var download = ProcessRunner.Run("apt-get", ["download", package], downloads);
        if (download.ExitCode != 0 && CanInstall)
        {
            // A fresh machine may have no package lists yet.
            UpdatePackageLists();
            download = ProcessRunner.Run("apt-get", ["download", package], downloads);
        }
        if (download.ExitCode != 0)
            throw new BuildException($"apt-get download {package} failed (exit {download.ExitCode}):\n{download.Output}");
        string deb = Directory.GetFiles(downloads, package + "_*.deb").OrderByDescending(File.GetLastWriteTimeUtc).First();
        ProcessRunner.RunChecked("dpkg-deb", ["-x", deb, unpacked]);
        if (!File.Exists(cached)) throw new BuildException($"the Debian package {package} ({Path.GetFileName(deb)}) has no {path}");
        return cached;
    }

    public static bool CanInstall => Environment.UserName == "root" && ProcessRunner.IsOnPath("apt-get");

    // Refreshes apt's package lists, which a fresh machine may not have yet.
    public static void UpdatePackageLists() => ProcessRunner.RunChecked("env", [.. AptEnvironment, "apt-get", "update", "-qq"]);

    private static readonly string[] AptEnvironment = ["DEBIAN_FRONTEND=noninteractive"];

    private static void Install(IEnumerable<string> packages)
    {
        var missing = packages.Distinct().ToList();
        if (missing.Count == 0) return;

        string install = "apt-get install -y --no-install-recommends " + string.Join(' ', missing);
        if (!CanInstall)
            throw new BuildException($"Zos needs tools that are not installed: {string.Join(", ", missing)}.\nInstall them with:\n  sudo apt-get update && sudo {install}");

        Console.WriteLine($"zos: installing {string.Join(' ', missing)} with apt-get");
        UpdatePackageLists();
        ProcessRunner.RunChecked("env", [.. AptEnvironment, .. install.Split(' ')]);
    }
}
