using Zos.Build;

namespace Zos.Tests.Host;

// ilc exits 0 after IL1005; the build must still see the report and fail.
public class IlcProblemsTests
{
    [Test]
    public void MissingMemberReportIsAProblem()
    {
        const string output = "Generating native code\n" +
            "ILC: AOT analysis error IL1005: Zos.Kernel.Probe.Unused(): Method will always throw because: Failed to load type 'System.Console' from assembly 'System.Console'\n";
        Assert.That(Ilc.Problems(output), Has.Count.EqualTo(1).And.One.Contains("Zos.Kernel.Probe.Unused()"));
    }

    // ilc 10.0.12's own words when a generic virtual call cannot be devirtualised.
    [Test]
    public void GenericVirtualCallIsExplainedWithItsCaller()
    {
        const string output =
            "Error: One or more errors occurred. (Code generation failed for method '[Zos.Kernel]Zos.Kernel.Probe.Visit()')\n" +
            "System.AggregateException: One or more errors occurred. (Code generation failed for method '[Zos.Kernel]Zos.Kernel.Probe.Visit()')\n" +
            " ---> ILCompiler.CodeGenerationFailedException: Code generation failed for method '[Zos.Kernel]Zos.Kernel.Probe.Visit()'\n" +
            " ---> System.InvalidOperationException: Expected type 'System.Runtime.TypeLoaderExports' not found in module 'System.Private.CoreLib'\n" +
            "   at Internal.IL.HelperExtensions.GetKnownType(ModuleDesc, String, String) + 0x9d\n";
        var problems = Ilc.Problems(output);
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("[Zos.Kernel]Zos.Kernel.Probe.Visit() calls a generic virtual method")
            .And.Contains("docs/csharp-subset.md"));
    }

    [Test]
    public void CleanOutputHasNoProblems() =>
        Assert.That(Ilc.Problems("Generating compatible native code\n"), Is.Empty);
}
