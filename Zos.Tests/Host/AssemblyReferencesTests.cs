using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Zos.Build;

namespace Zos.Tests.Host;

// The build rechecks a library when a library it uses changes; AssemblyReferences says which those are.
public class AssemblyReferencesTests
{
    private DirectoryInfo _directory = null!;
    private string _hal = null!, _kernel = null!, _shell = null!, _drivers = null!;

    [SetUp]
    public void CompileLibraries()
    {
        _directory = Directory.CreateTempSubdirectory("zos-references-");
        _hal = Compile("Hal", "public class Port { }");
        _drivers = Compile("Drivers", "public class Driver : Port { }", _hal);
        _kernel = Compile("Kernel", "public class Scheduler { public Port Timer; }", _hal);
        _shell = Compile("Shell", "public class Shell { public Scheduler Scheduler; }", _kernel);
    }

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    private string Compile(string name, string source, params string[] references)
    {
        string path = Path.Combine(_directory.FullName, name + ".dll");
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)],
            FacadeEmitter.ReferenceAssemblies().Concat(references).Select(r => MetadataReference.CreateFromFile(r)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = compilation.Emit(path);
        Assert.That(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }

    [Test]
    public void FollowsReferencesThroughOtherLibraries() =>
        Assert.That(AssemblyReferences.AmongTransitively(_shell, [_hal, _drivers, _kernel, _shell]), Is.EquivalentTo(new[] { _kernel, _hal }));

    [Test]
    public void ALibraryUsingNoneHasNone() =>
        Assert.That(AssemblyReferences.AmongTransitively(_hal, [_hal, _drivers, _kernel, _shell]), Is.Empty);

    [Test]
    public void OnlyCandidatesCount() =>
        Assert.That(AssemblyReferences.AmongTransitively(_drivers, [_kernel, _shell]), Is.Empty);
}
