using Zos.Build;

namespace Zos.Tests.Host;

// `zos run` skips its child build when ImageFreshness says so: these cover what must bring the build back.
public class ImageFreshnessTests
{
    private static readonly DateTime Built = DateTime.UtcNow.AddHours(-1);

    private string _root = null!;
    private RepositoryLayout _layout = null!;
    private string _tool = null!;

    [SetUp]
    public void CreateBuiltTree()
    {
        _root = Directory.CreateTempSubdirectory("zos-freshness-").FullName;
        _layout = new RepositoryLayout(_root, "Debug");
        _tool = Path.Combine(_root, "Zos.Build", "bin", "zos.dll");
        foreach (var file in new[] { "Zos.sln", "Directory.Build.props", "Zos.Kernel/Zos.Kernel.csproj", "Zos.Kernel/KernelMain.cs",
                     "Zos.Kernel/Boot/boot.asm", "Zos.Kernel/bin/Debug/net10.0/Zos.Kernel.dll", "Zos.Kernel/obj/Debug/Zos.Kernel.dll",
                     "Zos.Hal/Zos.Hal.csproj", "Zos.ManifestGenerator/DriverCatalogGenerator.cs", "iso/zos.iso", "iso/zos.elf",
                     "Zos.Build/bin/zos.dll" })
            Write(file, Built);
        foreach (var project in RepositoryLayout.ImageProjects)
            Write($"{project}/obj/project.assets.json", Built);
        foreach (var directory in Directory.EnumerateDirectories(_root, "*", SearchOption.AllDirectories))
            Directory.SetLastWriteTimeUtc(directory, Built);
        new ImageFreshness(_layout, _tool).RecordBuilt(Built);
    }

    [TearDown]
    public void DeleteTree() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, DateTime time)
    {
        string path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, time);
    }

    private void WriteAfterTheBuild(string relativePath) => File.SetLastWriteTimeUtc(Path.Combine(_root, relativePath), Built.AddSeconds(1));

    private bool NeedsRestore() => new ImageFreshness(_layout, _tool).NeedsRestore();

    private bool IsBuilt()
    {
        var freshness = new ImageFreshness(_layout, _tool);
        return freshness.IsBuilt(freshness.NewestInput());
    }

    [Test]
    public void NothingChangedIsBuilt() => Assert.That(IsBuilt(), Is.True);

    [TestCase("Zos.Kernel/KernelMain.cs")]
    [TestCase("Zos.Kernel/Boot/boot.asm")]
    [TestCase("Zos.Kernel/Zos.Kernel.csproj")]
    [TestCase("Zos.Hal/Zos.Hal.csproj")]
    [TestCase("Directory.Build.props")]
    [TestCase("Zos.Build/bin/zos.dll")]
    // It writes the image's driver catalog.
    [TestCase("Zos.ManifestGenerator/DriverCatalogGenerator.cs")]
    public void AChangedInputNeedsABuild(string input)
    {
        WriteAfterTheBuild(input);
        Assert.That(IsBuilt(), Is.False);
    }

    [Test]
    public void ADeletedSourceNeedsABuild()
    {
        File.Delete(Path.Combine(_root, "Zos.Kernel", "Boot", "boot.asm"));
        Assert.That(IsBuilt(), Is.False);
    }

    [Test]
    public void ANewSourceNeedsABuildEvenWithAnOldWriteTime()
    {
        Write("Zos.Kernel/Moved.cs", Built.AddDays(-1));
        Assert.That(IsBuilt(), Is.False);
    }

    [TestCase("Zos.Kernel/bin/Debug/net10.0/Zos.Kernel.dll")]
    [TestCase("Zos.Kernel/obj/Debug/Zos.Kernel.dll")]
    public void BuildOutputsAreNotInputs(string output)
    {
        WriteAfterTheBuild(output);
        Assert.That(IsBuilt(), Is.True);
    }

    [TestCase("iso/zos.iso")]
    [TestCase("iso/zos.elf")]
    public void AMissingOutputNeedsABuild(string output)
    {
        File.Delete(Path.Combine(_root, output));
        Assert.That(IsBuilt(), Is.False);
    }

    [Test]
    public void WithoutARecordedBuildItNeedsABuildAndARestore()
    {
        File.Delete(_layout.SourcesBuiltStamp);
        Assert.That(IsBuilt(), Is.False);
        Assert.That(NeedsRestore(), Is.True);
    }

    [TestCase("Zos.Kernel/KernelMain.cs", false)]
    [TestCase("Zos.Kernel/Zos.Kernel.csproj", true)]
    [TestCase("Directory.Build.props", true)]
    public void OnlyAProjectFileChangeNeedsARestore(string changed, bool needsRestore)
    {
        WriteAfterTheBuild(changed);
        Assert.That(NeedsRestore(), Is.EqualTo(needsRestore));
    }

    [Test]
    public void AMissingAssetsFileNeedsARestore()
    {
        File.Delete(_layout.AssetsFile("Zos.Shell"));
        Assert.That(NeedsRestore(), Is.True);
    }
}
