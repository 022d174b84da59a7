using System.Diagnostics;
using Zos.Build;

namespace Zos.Tests.Qemu;

// docs/your-first-driver.md, done as a reader would, in a temporary folder: install the templates, make
// a driver and its tests, run the tests, build an image with the driver, boot it with QEMU's edu device,
// see it Running, crash it, see it restarted; then give it a P/Invoke and see the image build name it.
// Two differences, both said on the page: `dotnet new` gets a template cache of its own (--debug:custom-hive),
// and the image is built in the Tutorial configuration (iso/Tutorial/zos.iso), so neither the reader's
// templates nor the repository's image are touched. It prints the kit's numbers (docs/benchmarks.md).
[Category("qemu")]
public class YourFirstDriverTests
{
    private const string Configuration = "Tutorial";

    private string _folder = null!;
    private string _root = null!;

    [SetUp]
    public void MakeFolder()
    {
        _folder = Directory.CreateTempSubdirectory("zos-first-driver-").FullName;
        _root = RepositoryLayout.FindRoot(TestContext.CurrentContext.TestDirectory);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private string Dotnet(params string[] arguments)
    {
        var result = ProcessRunner.Run("dotnet", arguments, _folder);
        Assert.That(result.ExitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)}:\n{result.Output}");
        return result.Output;
    }

    private string[] Hive => ["--debug:custom-hive", Path.Combine(_folder, "hive")];

    [Test]
    public void FromTheTemplatesToARunningDriverThatRestartsAndWhatTheBuildRejects()
    {
        Dotnet(["new", "install", Path.Combine(_root, "templates", "zos-driver"), .. Hive]);
        Dotnet(["new", "install", Path.Combine(_root, "templates", "zos-driver-tests"), .. Hive]);
        var sinceNew = Stopwatch.StartNew();
        Dotnet(["new", "zos-driver", "-n", "MyDevice", "--zos", _root, .. Hive]);
        Dotnet(["new", "zos-driver-tests", "-n", "MyDevice", "-o", "MyDevice.Tests", "--zos", _root, .. Hive]);

        string tests = Dotnet("test", "MyDevice.Tests");
        Assert.That(tests, Does.Contain("Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3"), tests);

        string project = Path.Combine(_folder, "MyDevice", "Zos.Drivers.MyDevice.csproj");
        string image = BuildImage(project);
        Assert.That(image, Does.Contain("driver check Zos.Drivers.MyDevice.dll"), "the image build checked the driver against the rules");
        string iso = new RepositoryLayout(_root, Configuration).Iso;
        using (var machine = ZosMachine.StartImage(iso, exitOnPanic: true, "-device", "edu"))
        {
            machine.WaitForPrompt();
            var running = DriverShell.WaitFor(machine, "mydevice", "Running", 1, TimeSpan.FromSeconds(30));
            TestContext.Out.WriteLine($"from dotnet new zos-driver to Running: {sinceNew.Elapsed.TotalSeconds:F1} s");
            string drivers = machine.Command("drivers");
            Assert.That(running["ids"], Is.EqualTo("1234:11e8"));
            Assert.That(DriverShell.Line(drivers, "status mydevice "), Does.Match(@"^status mydevice ""mydevice on [0-9a-f]{2}:[0-9a-f]{2}\.\d 1234:11e8: register 0 reads 0x010000ed""$"));
            Assert.That(DriverShell.Line(drivers, "driver edu "), Is.Null, "yours binds edu, ahead of Zos's own edu driver");

            Assert.That(machine.Command("inject mydevice throw").Trim(), Is.EqualTo("injected: throw into mydevice incarnation 1"));
            var restarted = DriverShell.WaitFor(machine, "mydevice", "Running", 2, TimeSpan.FromSeconds(30));
            Assert.That(restarted["restarts"], Is.EqualTo("1"));
            Assert.That(DriverShell.Line(machine.Command("drivers"), "crash mydevice "), Does.StartWith("crash mydevice cause=\"unhandled exception\""));
        }

        // An edit to the driver alone: how long the image takes to follow.
        string source = Path.Combine(_folder, "MyDevice", "MyDeviceDriver.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("\": register 0 reads 0x\"", "\": register 0 is 0x\""));
        var rebuild = Stopwatch.StartNew();
        BuildImage(project);
        TestContext.Out.WriteLine($"image rebuilt after editing the driver: {rebuild.Elapsed.TotalSeconds:F1} s");

        // A P/Invoke, unsafe memory access and a kernel internal, all in one edit: the build names each with its member.
        File.WriteAllText(source, File.ReadAllText(source).Replace(
            "        private const int WaitSliceMilliseconds = 20;",
            "        private const int WaitSliceMilliseconds = 20;\n"
            + "        [System.Runtime.InteropServices.DllImport(\"libc\")] private static extern int getpid();\n"
            + "        private static int Peek(object o) => System.Runtime.CompilerServices.Unsafe.As<string>(o).Length + Zos.Hal.Memory.IdentityMappedMemory.Instance.Read8(0);"));
        var refused = ProcessRunner.Run("dotnet", ImageBuildArguments(project), _folder);
        Assert.That(refused.ExitCode, Is.Not.Zero, "the image build refused the driver");
        const string Prefix = "zos : error : Zos.Drivers.MyDevice.dll: Zos.Drivers.MyDevice.MyDeviceDriver.";
        Assert.That(refused.Output, Does.Contain(Prefix + "getpid(): is a P/Invoke (DllImport libc!getpid)"), refused.Output);
        Assert.That(refused.Output, Does.Contain(Prefix + "Peek(object): uses System.Runtime.CompilerServices.Unsafe.As (unsafe memory access)"), refused.Output);
        Assert.That(refused.Output, Does.Match(@"Peek\(object\): uses Zos\.Hal\.Memory\.IdentityMappedMemory[^\n]* \(namespace Zos\.Hal\.Memory is not open to drivers\)"),
            refused.Output);
    }

    private string BuildImage(string driverProject) => Dotnet(ImageBuildArguments(driverProject));

    private string[] ImageBuildArguments(string driverProject) =>
        ["build", Path.Combine(_root, "Zos.Image"), "-c", Configuration, $"-p:ZosExtraDrivers={driverProject}"];
}
