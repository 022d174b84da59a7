using System.Management.Automation.Language;

namespace Zos.Tests.Host;

// pwsh cannot be installed here, so build.ps1 is checked with PowerShell's own
// parser: it must parse, offer exactly the documented verbs, and handle each.
public class BuildScriptTests
{
    private static readonly string[] Verbs = ["build", "run", "test", "debug"];

    private static ScriptBlockAst Parse(out ParseError[] errors)
    {
        string root = Zos.Build.RepositoryLayout.FindRoot(TestContext.CurrentContext.TestDirectory);
        return Parser.ParseFile(Path.Combine(root, "build.ps1"), out _, out errors);
    }

    [Test]
    public void ParsesWithoutErrors()
    {
        Parse(out var errors);
        Assert.That(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"), Is.Empty);
    }

    [Test]
    public void OffersExactlyTheDocumentedVerbs()
    {
        var verb = Parse(out _).ParamBlock.Parameters.Single(p => p.Name.VariablePath.UserPath == "Verb");
        var validateSet = verb.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");
        var values = validateSet.PositionalArguments.OfType<StringConstantExpressionAst>().Select(s => s.Value);
        Assert.That(values, Is.EquivalentTo(Verbs));
    }

    [Test]
    public void HandlesEveryVerbWithADotnetCommand()
    {
        var switchStatement = Parse(out _).FindAll(a => a is SwitchStatementAst, true).Cast<SwitchStatementAst>().Single();
        foreach (var verb in Verbs)
        {
            var clause = switchStatement.Clauses.SingleOrDefault(c => c.Item1 is StringConstantExpressionAst s && s.Value == verb);
            Assert.That(clause, Is.Not.Null, $"no case for {verb}");
            Assert.That(clause!.Item2.Extent.Text, Does.Contain("dotnet "), $"{verb} does not run dotnet");
        }
    }
}
