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

    [Test]
    public void CleanOutputHasNoProblems() =>
        Assert.That(Ilc.Problems("Generating compatible native code\n"), Is.Empty);
}
