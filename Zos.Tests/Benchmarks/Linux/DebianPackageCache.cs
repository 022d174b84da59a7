using Zos.Build;

namespace Zos.Tests.Benchmarks.Linux;

// Debian packages fetched with `apt-get download` and unpacked with `dpkg-deb -x`
// into a directory outside the repository (~/.cache/zos-bench by default). A package
// is fetched once; later runs use the cached .deb, so they need no network and keep
// measuring the same kernel.
public sealed class DebianPackageCache(string directory)
{
    public string CacheDirectory { get; } = directory;

    private string Debs => Path.Combine(CacheDirectory, "debs");

    public static DebianPackageCache Default()
    {
        string cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new DebianPackageCache(Path.Combine(cacheHome, "zos-bench"));
    }

    // The directory the package's files were unpacked into (its "/").
    public string Unpack(string package)
    {
        string deb = Fetch(package);
        string root = Path.Combine(CacheDirectory, "unpacked", Path.GetFileNameWithoutExtension(deb));
        if (Directory.Exists(root)) return root;
        // Unpack beside the final place and rename, so an interrupted run leaves no half tree.
        string partial = root + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        ProcessRunner.RunChecked("dpkg-deb", ["-x", deb, partial]);
        Directory.Move(partial, root);
        return root;
    }

    // The package a metapackage (like linux-image-cloud-amd64) currently stands for: its first dependency.
    public string MetapackageTarget(string metapackage)
    {
        string depends = ProcessRunner.RunChecked("dpkg-deb", ["-f", Fetch(metapackage), "Depends"]).Trim();
        string first = depends.Split(',')[0].Split('|')[0].Trim();
        string name = first.Split(' ', 2)[0];
        if (name.Length == 0) throw new BuildException($"metapackage {metapackage} depends on nothing");
        return name;
    }

    private string Fetch(string package)
    {
        Directory.CreateDirectory(Debs);
        string? cached = Cached(package);
        if (cached is not null) return cached;

        var result = ProcessRunner.Run("apt-get", ["download", package], Debs);
        if (result.ExitCode != 0 && result.Output.Contains("Unable to locate package"))
        {
            if (!ToolInstaller.CanInstall)
                throw new BuildException($"apt does not know {package}: its package lists are missing or old.\nRefresh them with:\n  sudo apt-get update");
            ToolInstaller.UpdatePackageLists();
            result = ProcessRunner.Run("apt-get", ["download", package], Debs);
        }
        if (result.ExitCode != 0) throw new BuildException($"apt-get download {package} failed (exit {result.ExitCode}):\n{result.Output}");
        return Cached(package) ?? throw new BuildException($"apt-get download {package} left no {package}_*.deb in {Debs}");
    }

    // apt-get download names files <package>_<version>_<arch>.deb.
    private string? Cached(string package) =>
        Directory.EnumerateFiles(Debs, package + "_*.deb").Order(StringComparer.Ordinal).LastOrDefault();
}
