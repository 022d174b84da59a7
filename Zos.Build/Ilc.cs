namespace Zos.Build;

// NativeAOT's compiler, restored from NuGet by Zos.Build.csproj's PackageDownload.
public static class Ilc
{
    public const string Version = "10.0.12";
    private const string Package = "runtime.linux-x64.microsoft.dotnet.ilcompiler";

    public static string Path()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string ilc = System.IO.Path.Combine(packages, Package, Version, "tools", "ilc");
        if (!File.Exists(ilc))
            throw new BuildException($"ilc {Version} not found at {ilc}: run `dotnet restore Zos.sln` (Zos.Build downloads it)");
        return ilc;
    }

    public static readonly string[] TargetOptions =
    [
        "--systemmodule:" + RepositoryLayout.CorlibName, "--targetos:linux", "--targetarch:x64",
        "--noinlinetls", "--reflectiondata:none",
    ];

    // ilc reports members the corlib lacks as warnings and carries on with a
    // throwing stub; Zos treats them, and anything else that says error, as failures.
    public static IReadOnlyList<string> Problems(string output) =>
        output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Contains("IL1005") || line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("warning IL"))
            .ToList();
}
