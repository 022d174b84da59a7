using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Zos.Hal.Drivers;
using Zos.Image;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.ManifestGenerator;

namespace Zos.Tests.Host.Hosting;

// The image's catalog is generated from the driver classes' attributes
// (Zos.ManifestGenerator): every driver class gets in, each carrying exactly
// what its attributes say, and a class the kernel could not use is a build error.
public class DriverCatalogGeneratorTests
{
    // Every concrete Driver class of the assemblies the image project references (its ZosDriver projects).
    private static List<Type> DriverClasses() =>
        typeof(BuiltInDrivers).Assembly.GetReferencedAssemblies().Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes()).Where(t => t.IsSubclassOf(typeof(Driver)) && !t.IsAbstract).ToList();

    [Test]
    public void EveryDriverClassIsInTheGeneratedCatalog()
    {
        DriverCatalog catalog = BuiltInDrivers.Create();
        var inCatalog = Enumerable.Range(0, catalog.Count).Select(i => catalog.At(i).Manifest.DriverType);
        Assert.That(inCatalog, Is.EquivalentTo(DriverClasses().Select(t => t.FullName)));
    }

    [Test]
    public void EachGeneratedManifestCarriesItsClassAttributes()
    {
        DriverCatalog catalog = BuiltInDrivers.Create();
        foreach (Type type in DriverClasses())
        {
            DriverManifest fromAttributes = DriverManifest.FromAttributes(type.FullName!, type.GetCustomAttributes(false), out string error);
            Assert.That(error, Is.Null);
            DriverManifest generated = catalog.Find(fromAttributes.Name).Manifest;
            Assert.That(generated.DriverType, Is.EqualTo(fromAttributes.DriverType));
            Assert.That(Matches(generated), Is.EquivalentTo(Matches(fromAttributes)), $"{generated.Name}: what it drives");
            Assert.That(Needs(generated), Is.EquivalentTo(Needs(fromAttributes)), $"{generated.Name}: what it needs");
            Assert.That(generated.MemoryQuotaBytes, Is.EqualTo(fromAttributes.MemoryQuotaBytes), $"{generated.Name}: its memory quota");
            Assert.That(generated.InstancePrefix, Is.EqualTo(fromAttributes.InstancePrefix), $"{generated.Name}: how its instances are named");
            Assert.That(generated.PlatformDevice, Is.EqualTo(fromAttributes.PlatformDevice), $"{generated.Name}: the platform device it drives");
        }
    }

    [Test]
    public void SupervisionComesFromTheRestartsAndWatchdogAttributes()
    {
        DriverCatalog catalog = BuiltInDrivers.Create();
        foreach (Type type in DriverClasses())
        {
            DriverRegistration registration = catalog.Find(type.GetCustomAttribute<DriverAttribute>()!.Name);
            var restarts = type.GetCustomAttribute<RestartsAttribute>()!;
            var watchdog = type.GetCustomAttribute<WatchdogAttribute>()!;
            Assert.That(registration.Policy.Kind, Is.EqualTo(restarts.Kind), type.Name);
            Assert.That(registration.Policy.MaxAttempts, Is.EqualTo(restarts.MaxRestartsInARow), type.Name);
            Assert.That(registration.Policy.StableRunNanoseconds, Is.EqualTo(restarts.StableRunMilliseconds * 1_000_000UL), type.Name);
            Assert.That(registration.Policy.InitialDelayNanoseconds, Is.EqualTo(restarts.FirstBackoffMilliseconds * 1_000_000UL), type.Name);
            Assert.That((registration.HeartbeatPeriodMilliseconds, registration.WatchdogMilliseconds),
                Is.EqualTo((watchdog.HeartbeatMilliseconds, watchdog.CpuMilliseconds)), type.Name);
        }
    }

    [Test]
    public void ADriverSpeakingTheBlockProtocolServesBlockDevicesAndNoOtherDoes()
    {
        DriverCatalog catalog = BuiltInDrivers.Create();
        Assert.That(catalog.Find("virtio-blk").ServesBlockDevice, Is.True);
        Assert.That(catalog.Find("edu").ServesBlockDevice, Is.False);
        Assert.That(catalog.Find("ps2-keyboard").ServesBlockDevice, Is.False);
    }

    [Test]
    public void EachDriverSpeaksTheProtocolItsChannelNames()
    {
        DriverCatalog catalog = BuiltInDrivers.Create();
        var protocols = Enumerable.Range(0, catalog.Count).ToDictionary(i => catalog.At(i).Name, i => catalog.At(i).Protocol);
        Assert.That(protocols, Is.EquivalentTo(new Dictionary<string, DriverProtocol>
        {
            ["edu"] = DriverProtocol.None, ["virtio-blk"] = DriverProtocol.Block, ["ahci"] = DriverProtocol.Block, ["nvme"] = DriverProtocol.Block,
            ["ps2-keyboard"] = DriverProtocol.Keyboard,
        }));
    }

    [Test]
    public void TheCatalogRefusesTwoDriversWithOneName()
    {
        DriverRegistration edu = BuiltInDrivers.Create().Find("edu");
        var error = Assert.Throws<ArgumentException>(() => new DriverCatalog([edu, edu]));
        Assert.That(error!.Message, Does.Contain("two drivers are named edu"));
    }

    [Test]
    public void BadAttributesAreRefusedWithTheReasonWhenTheCatalogIsMade()
    {
        var error = Assert.Throws<ArgumentException>(() => DriverRegistration.FromAttributes("Test.Nameless",
            [new DrivesPciDeviceAttribute(1, 2)], _ => null!, DriverProtocol.None));
        Assert.That(error!.Message, Is.EqualTo("driver Test.Nameless has no [Driver(name)]"));
    }

    private const string DriverApiUsings = "using Zos.Hal.Drivers; using Zos.Hal.Drivers.Block;\n";
    private const string Members = "public override void Initialize(DriverContext c) { } public override void Probe(DriverContext c) { } public override void Run(DriverContext c) { }";

    [Test]
    public void AClientlessDriverIsMadeWithItsParameterlessConstructor()
    {
        (string source, ImmutableArray<Diagnostic> diagnostics) = Generate(
            "[Driver(\"quiet\")] [DrivesPciClass(1, 2)] public sealed class Quiet : Driver { " + Members + " }");
        Assert.That(diagnostics, Is.Empty);
        Assert.That(source, Does.Contain("incarnation => new global::Quiet()"));
        Assert.That(source, Does.Contain("new global::Zos.Hal.Drivers.DrivesPciClassAttribute((byte)(1), (byte)(2))"));
        Assert.That(source, Does.Contain("protocol: global::Zos.Kernel.Hosting.DriverProtocol.None)"));
    }

    [Test]
    public void ABlockDriverGetsItsChannelWithTheDeclaredCapacity()
    {
        (string source, ImmutableArray<Diagnostic> diagnostics) = Generate(
            "[Driver(\"disk\")] [DrivesPciDevice(1, 2)] [Channel(7)] public sealed class Disk : Driver { "
            + "public Disk(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel) { } " + Members + " }");
        Assert.That(diagnostics, Is.Empty);
        Assert.That(source, Does.Contain("new global::Disk(incarnation.OpenChannel<global::Zos.Hal.Drivers.Block.BlockDriverRequest, "
            + "global::Zos.Hal.Drivers.Block.BlockDriverCompletion>((int)(7)))"));
        Assert.That(source, Does.Contain("protocol: global::Zos.Kernel.Hosting.DriverProtocol.Block)"));
    }

    [Test]
    public void AKeyboardDriverOnAPlatformDeviceIsRegisteredWithItsAttributesAndTheKeyboardProtocol()
    {
        (string source, ImmutableArray<Diagnostic> diagnostics) = Generate(
            "[Driver(\"keys\")] [DrivesPlatformDevice(PlatformDeviceNames.I8042)] [NeedsFixedIoPorts(0x60, 1)] [NeedsIsaIrq(1)] [Channel(8)] "
            + "public sealed class Keys : Driver { public Keys(DriverChannel<Zos.Hal.Drivers.Input.KeyboardRequest, Zos.Hal.Drivers.Input.KeyboardCompletion> c) { } "
            + Members + " }");
        Assert.That(diagnostics, Is.Empty);
        Assert.That(source, Does.Contain("new global::Zos.Hal.Drivers.DrivesPlatformDeviceAttribute(\"i8042\")"));
        Assert.That(source, Does.Contain("new global::Zos.Hal.Drivers.NeedsFixedIoPortsAttribute((ushort)(96), (int)(1))"));
        Assert.That(source, Does.Contain("new global::Zos.Hal.Drivers.NeedsIsaIrqAttribute((int)(1))"));
        Assert.That(source, Does.Contain("protocol: global::Zos.Kernel.Hosting.DriverProtocol.Keyboard)"));
    }

    [Test]
    public void ADriverOfAPlatformDeviceTheKernelDoesNotKnowIsABuildErrorNamingTheKnownOnes()
    {
        (string source, ImmutableArray<Diagnostic> diagnostics) = Generate(
            "[Driver(\"rtc\")] [DrivesPlatformDevice(\"cmos-rtc\")] public sealed class Clock : Driver { " + Members + " }");
        Assert.That(diagnostics.Select(d => (d.Id, d.Severity)), Is.EqualTo(new[] { ("ZOS0003", DiagnosticSeverity.Error) }));
        Assert.That(diagnostics.Single().GetMessage(), Is.EqualTo("Clock drives platform device 'cmos-rtc', which the kernel does not know "
            + "(it knows: i8042; see PlatformDeviceNames)"));
        Assert.That(source, Does.Not.Contain("global::Clock"));
    }

    [TestCase("public sealed class Anonymous : Driver { " + Members + " }", "ZOS0001")]
    [TestCase("[Driver(\"x\")] public sealed class NoCapacity : Driver { public NoCapacity(DriverChannel<BlockDriverRequest, BlockDriverCompletion> c) { } " + Members + " }", "ZOS0002")]
    [TestCase("[Driver(\"x\")] [Channel(4)] public sealed class TwoWays : Driver { public TwoWays() { } public TwoWays(int n) { } " + Members + " }", "ZOS0002")]
    [TestCase("[Driver(\"x\")] public sealed class WrongParameter : Driver { public WrongParameter(string s) { } " + Members + " }", "ZOS0002")]
    public void ADriverClassTheKernelCannotUseIsABuildErrorAndStaysOutOfTheCatalog(string driver, string id)
    {
        (string source, ImmutableArray<Diagnostic> diagnostics) = Generate(driver);
        Assert.That(diagnostics.Select(d => (d.Id, d.Severity)), Is.EqualTo(new[] { (id, DiagnosticSeverity.Error) }), string.Join("; ", diagnostics));
        string className = System.Text.RegularExpressions.Regex.Match(driver, @"class (\w+)").Groups[1].Value;
        Assert.That(source, Does.Not.Contain("global::" + className));
    }

    // Compiles `drivers` as an assembly of its own against the driver API, then
    // runs the generator over an image compilation that references it.
    [Test]
    public void WithTheImagesDriverListOnlyItsAssembliesAreTakenFirstListedFirst()
    {
        static string Driver(string name) => $"[Driver(\"{name}\")] [DrivesPciDevice(0x1234, 0x11e8)] public sealed class {name}Driver : Driver {{ {Members} }}";

        var (source, diagnostics) = Generate([("Zos.Drivers.Builtin", Driver("Builtin")), ("Zos.Drivers.Mine", Driver("Mine")), ("Zos.Drivers.Unlisted", Driver("Unlisted"))],
            "Zos.Drivers.Mine, Zos.Drivers.Builtin");

        Assert.That(diagnostics, Is.Empty);
        Assert.That(source, Does.Not.Contain("UnlistedDriver"), "an assembly the image does not list as a driver brings no driver");
        Assert.That(source.IndexOf("new global::MineDriver", StringComparison.Ordinal), Is.GreaterThan(0)
            .And.LessThan(source.IndexOf("new global::BuiltinDriver", StringComparison.Ordinal)), "the first listed comes first (it wins a tie)");
    }

    private static (string Source, ImmutableArray<Diagnostic> Diagnostics) Generate(string drivers) => Generate([("TestDrivers", drivers)], null);

    // Each (assembly, source) compiled on its own and referenced by the image; zosDrivers: the image's ZosDrivers property, if any.
    private static (string Source, ImmutableArray<Diagnostic> Diagnostics) Generate((string Assembly, string Source)[] assemblies, string? zosDrivers)
    {
        MetadataReference[] framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToArray();
        MetadataReference hal = MetadataReference.CreateFromFile(typeof(Driver).Assembly.Location);
        var references = new List<MetadataReference>([.. framework, hal]);
        foreach (var (name, source) in assemblies)
        {
            var driverAssembly = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(DriverApiUsings + source)],
                [.. framework, hal], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.That(driverAssembly.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the test's driver compiles");
            references.Add(driverAssembly.ToMetadataReference());
        }
        var image = CSharpCompilation.Create("TestImage", [], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new BuildProperties(zosDrivers is null ? [] : new Dictionary<string, string> { ["build_property.ZosDrivers"] = zosDrivers });
        GeneratorDriver run = CSharpGeneratorDriver.Create([new DriverCatalogGenerator().AsSourceGenerator()], optionsProvider: options).RunGenerators(image);
        GeneratorRunResult result = run.GetRunResult().Results.Single();
        return (string.Concat(result.GeneratedSources.Select(s => s.SourceText.ToString())), result.Diagnostics);
    }

    // What an .editorconfig gives the generator: build properties, as MSBuild's CompilerVisibleProperty writes them.
    private sealed class BuildProperties(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Values(values);
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values([]);

        private sealed class Values(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    private static List<string> Matches(DriverManifest manifest) => Enumerable.Range(0, manifest.MatchCount).Select(manifest.MatchAt)
        .Select(m => $"{m.ByDevice} {m.VendorId:x4}:{m.DeviceId:x4} {m.ClassCode:x2}.{m.Subclass:x2}.{m.ProgrammingInterface}").ToList();

    private static List<string> Needs(DriverManifest manifest) => Enumerable.Range(0, manifest.NeedCount).Select(manifest.NeedAt)
        .Select(n => $"{n.Kind} bar {n.Bar} {n.Rights} {n.Bytes} below {n.DeviceAddressLimit:x} {n.Caching} number {n.Number} count {n.Count}").ToList();
}
