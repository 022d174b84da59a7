using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Image;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Hal.Platform;
using Zos.Tests.Host.Pci;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Hosting;

public class DriverBinderTests
{
    private static DriverRegistration Registration(string name, params PciMatch[] matches) =>
        new(new DriverManifest(name, "Test." + name, matches, []), _ => null!, RestartPolicy.Never(), 0, 0);

    private static PciFunctionInfo[] Scan(params (byte Device, SimulatedFunction Function)[] functions)
    {
        var config = new SimulatedPciConfig();
        foreach (var (device, function) in functions) config.Add(0, device, 0, function);
        return PciEnumeration.Scan(config).Functions;
    }

    [Test]
    public void BindsEachMatchingFunctionToItsOwnNumberedInstance()
    {
        var catalog = new DriverCatalog([Registration("edu", PciMatch.Device(0x1234, 0x11E8))]);
        PciFunctionInfo[] functions = Scan((3, new SimulatedFunction(0x8086, 0x100E).Class(0x02, 0x00)),
            (4, new SimulatedFunction(0x1234, 0x11E8).Class(0x00, 0xFF)), (5, new SimulatedFunction(0x1234, 0x11E8).Class(0x00, 0xFF)));

        DriverBinding[] bindings = DriverBinder.Bind(catalog, functions, []);

        Assert.That(bindings.Select(b => (b.InstanceName, b.Function.Address.ToString())),
            Is.EqualTo(new[] { ("edu", "00:04.0"), ("edu1", "00:05.0") }), "the network card has no driver and is left alone");
    }

    [Test]
    public void ADriverWithAnInstancePrefixNumbersEveryInstanceFromZero()
    {
        var blk = new DriverRegistration(new DriverManifest("virtio-blk", "Test.Blk", [PciMatch.Device(0x1AF4, 0x1001)], [], instancePrefix: "blk"),
            _ => null!, RestartPolicy.Never(), 0, 0);
        PciFunctionInfo[] functions = Scan((4, new SimulatedFunction(0x1AF4, 0x1001).Class(0x01, 0x00)),
            (5, new SimulatedFunction(0x1AF4, 0x1001).Class(0x01, 0x00)));

        DriverBinding[] bindings = DriverBinder.Bind(new DriverCatalog([blk]), functions, []);

        Assert.That(bindings.Select(b => (b.InstanceName, b.Function.Address.ToString())),
            Is.EqualTo(new[] { ("blk0", "00:04.0"), ("blk1", "00:05.0") }));
    }

    [Test]
    public void AVendorDeviceMatchWinsOverAClassMatchWhateverTheCatalogOrder()
    {
        var byClass = Registration("any-ethernet", PciMatch.Class(0x02, 0x00, -1));
        var exact = Registration("e1000", PciMatch.Device(0x8086, 0x100E));
        PciFunctionInfo[] functions = Scan((3, new SimulatedFunction(0x8086, 0x100E).Class(0x02, 0x00)),
            (6, new SimulatedFunction(0x10EC, 0x8139).Class(0x02, 0x00)));

        DriverBinding[] bindings = DriverBinder.Bind(new DriverCatalog([byClass, exact]), functions, []);

        Assert.That(bindings.Select(b => (b.InstanceName, b.Function.Address.ToString())),
            Is.EqualTo(new[] { ("e1000", "00:03.0"), ("any-ethernet", "00:06.0") }));
    }

    [Test]
    public void AClassMatchHonoursTheProgrammingInterface()
    {
        var ahci = Registration("ahci", PciMatch.Class(0x01, 0x06, 0x01));
        PciFunctionInfo[] functions = Scan((2, new SimulatedFunction(0x8086, 0x2922).Class(0x01, 0x06, 0x01)),
            (7, new SimulatedFunction(0x8086, 0x2923).Class(0x01, 0x06, 0x00)));

        Assert.That(DriverBinder.Bind(new DriverCatalog([ahci]), functions, []).Select(b => b.Function.Address.ToString()),
            Is.EqualTo(new[] { "00:02.0" }));
    }

    [Test]
    public void NothingMatchesAnEmptyCatalog()
    {
        Assert.That(DriverBinder.Bind(new DriverCatalog([]), Scan((4, new SimulatedFunction(0x1234, 0x11E8))), []), Is.Empty);
    }

    [Test]
    public void TheKernelCatalogBindsEduOnly()
    {
        PciFunctionInfo[] functions = Scan((1, new SimulatedFunction(0x8086, 0x7000).Class(0x06, 0x01)),
            (4, new SimulatedFunction(0x1234, 0x11E8).Class(0x00, 0xFF)));

        DriverBinding binding = DriverBinder.Bind(BuiltInDrivers.Create(), functions, []).Single();

        Assert.That((binding.InstanceName, binding.Function.Address.ToString(), binding.Registration.Manifest.DriverType),
            Is.EqualTo(("edu", "00:04.0", "Zos.Drivers.Edu.EduDriver")));
        Assert.That(binding.Registration.Policy.Kind, Is.EqualTo(RestartPolicyKind.OnFailure));
        Assert.That(binding.Registration.Manifest.TryGetNeed(ResourceKind.Dma, -1, out ResourceNeed dma) && dma.DeviceAddressLimit == 0x1000_0000UL,
            Is.True, "edu's DMA engine has 28 address bits");
        Assert.That(dma.Rights, Is.EqualTo(CapabilityRights.Allocate | CapabilityRights.ReadWrite));
    }

    private static PlatformDevice[] PlatformOf(byte fadtRevision, ushort bootArchitectureFlags) =>
        PcPlatformDevices.Discover(WithFadt(Fadt(fadtRevision, bootArchitectureFlags)), null!);

    [Test]
    public void TheKernelCatalogBindsThePresent8042ToTheKeyboardDriverBesideThePciDevices()
    {
        PciFunctionInfo[] functions = Scan((4, new SimulatedFunction(0x1234, 0x11E8).Class(0x00, 0xFF)));

        DriverBinding[] bindings = DriverBinder.Bind(BuiltInDrivers.Create(), functions, PlatformOf(3, 0x0003));

        Assert.That(bindings.Select(b => b.InstanceName), Is.EqualTo(new[] { "edu", "kbd0" }));
        DriverBinding keyboard = bindings[1];
        Assert.That((keyboard.Function, keyboard.Platform.Name, keyboard.Registration.Manifest.DriverType, keyboard.Registration.Protocol),
            Is.EqualTo(((PciFunctionInfo?)null, "i8042", "Zos.Drivers.Ps2.Ps2KeyboardDriver", DriverProtocol.Keyboard)));
    }

    [Test]
    public void NothingBindsAn8042TheFadtSaysIsAbsent()
    {
        PlatformDevice[] platform = PlatformOf(3, 0x0001);

        Assert.That(DriverBinder.Bind(BuiltInDrivers.Create(), [], platform), Is.Empty);
        Assert.That(platform.Single().Presence, Does.Contain("say there is no 8042"));
    }

    [Test]
    public void APlatformDeviceGoesToTheFirstDriverThatNamesItAndNoPciFunctionToAPlatformDriver()
    {
        var first = new DriverRegistration(new DriverManifest("first", "Test.First", [], [], instancePrefix: "kbd", platformDevice: "i8042"),
            _ => null!, RestartPolicy.Never(), 0, 0);
        var second = new DriverRegistration(new DriverManifest("second", "Test.Second", [], [], platformDevice: "i8042"),
            _ => null!, RestartPolicy.Never(), 0, 0);
        PciFunctionInfo[] functions = Scan((4, new SimulatedFunction(0x1234, 0x11E8).Class(0x00, 0xFF)));

        DriverBinding[] bindings = DriverBinder.Bind(new DriverCatalog([first, second]), functions, PlatformOf(1, 0));

        Assert.That(bindings.Select(b => (b.InstanceName, b.Platform?.Name)), Is.EqualTo(new[] { ("kbd0", (string?)"i8042") }));
    }
}
