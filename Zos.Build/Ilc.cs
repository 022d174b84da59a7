using System.Text.RegularExpressions;

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

    // A generic virtual call ilc cannot devirtualise makes it look for the runtime's
    // GVM resolver, which Zos lacks, and crash naming only the calling method.
    private const string MissingGenericVirtualResolver = "Expected type 'System.Runtime.TypeLoaderExports' not found";

    // ilc reports members the corlib lacks as warnings and carries on with a
    // throwing stub; Zos treats them, and anything else that says error, as failures.
    public static IReadOnlyList<string> Problems(string output)
    {
        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (lines.Any(line => line.Contains(MissingGenericVirtualResolver)))
            return [GenericVirtualCallProblem(lines)];
        return lines
            .Where(line => line.Contains("IL1005") || line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("warning IL"))
            .ToList();
    }

    private static string GenericVirtualCallProblem(IEnumerable<string> lines)
    {
        string caller = lines
            .Select(line => Regex.Match(line, "Code generation failed for method '([^']*)'"))
            .FirstOrDefault(match => match.Success)?.Groups[1].Value ?? "a kernel method";
        return $"{caller} calls a generic virtual method (virtual M<T>() or an interface method M<T>) that ilc cannot devirtualise; " +
            "Zos has no generic virtual method dispatch (docs/csharp-subset.md says why). " +
            "Put the type parameter on the interface or class instead (interface IVisitor<T> { string Visit(T value); }), " +
            "or call the interface method on a struct through a constrained type parameter (where TVisitor : struct, IVisitor).";
    }
}
