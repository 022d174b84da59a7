using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Tests.Host.Drivers;

public class DriverManifestTests
{
    [Driver("edu")]
    [DrivesPciDevice(0x1234, 0x11E8)]
    [NeedsMmio(0, Caching = MmioCaching.Uncached)]
    [NeedsIrq]
    [NeedsDma(64 * 1024, DeviceAddressLimit = 0x1000_0000)]
    [NeedsPciConfig(Rights = CapabilityRights.ReadWrite)]
    [NeedsMemory(256 * 1024)]
    private sealed class EduLikeDriver : Driver
    {
        public override void Initialize(DriverContext context) { }
        public override void Probe(DriverContext context) { }
        public override void Run(DriverContext context) { }
    }

    [Driver("ide", InstancePrefix = "hd")]
    [DrivesPciClass(0x01, 0x01)]
    [DrivesPciClass(0x01, 0x06, ProgrammingInterface = 0x01)]
    [NeedsIoPorts(0)]
    [NeedsIoPorts(1, Rights = CapabilityRights.Read)]
    private sealed class ClassDriver : Driver
    {
        public override void Initialize(DriverContext context) { }
        public override void Probe(DriverContext context) { }
        public override void Run(DriverContext context) { }
    }

    [Driver("keys", InstancePrefix = "kbd")]
    [DrivesPlatformDevice("i8042")]
    [NeedsFixedIoPorts(0x60, 1)]
    [NeedsFixedIoPorts(0x64, 1, Rights = CapabilityRights.Read)]
    [NeedsIsaIrq(1)]
    private sealed class PlatformDriver : Driver
    {
        public override void Initialize(DriverContext context) { }
        public override void Probe(DriverContext context) { }
        public override void Run(DriverContext context) { }
    }

    private static DriverManifest Read(Type type, out string error) =>
        DriverManifest.FromAttributes(type.FullName!, type.GetCustomAttributes(false), out error);

    [Test]
    public void ReadsWhatADriverDrivesAndNeeds()
    {
        DriverManifest manifest = Read(typeof(EduLikeDriver), out string error);

        Assert.That(error, Is.Null);
        Assert.That(manifest.Name, Is.EqualTo("edu"));
        Assert.That(manifest.DriverType, Does.EndWith("EduLikeDriver"));
        Assert.That(manifest.Matches(0x1234, 0x11E8, 0xFF, 0, 0), Is.True);
        Assert.That(manifest.MatchesExactly(0x1234, 0x11E8), Is.True);
        Assert.That(manifest.Matches(0x1234, 0x11E9, 0xFF, 0, 0), Is.False);
        Assert.That(manifest.NeedCount, Is.EqualTo(4));
        Assert.That(manifest.TryGetNeed(ResourceKind.Mmio, 0, out ResourceNeed mmio), Is.True);
        Assert.That((mmio.Rights, mmio.Caching), Is.EqualTo((CapabilityRights.ReadWrite, MmioCaching.Uncached)));
        Assert.That(manifest.TryGetNeed(ResourceKind.Mmio, 1, out _), Is.False, "BAR 1 is not in the manifest");
        Assert.That(manifest.TryGetNeed(ResourceKind.IoPorts, 0, out _), Is.False);
        Assert.That(manifest.TryGetNeed(ResourceKind.Dma, -1, out ResourceNeed dma), Is.True);
        Assert.That((dma.Bytes, dma.DeviceAddressLimit), Is.EqualTo((65536UL, 0x1000_0000UL)));
        Assert.That(manifest.TryGetNeed(ResourceKind.Irq, -1, out ResourceNeed irq), Is.True);
        Assert.That(irq.Rights, Is.EqualTo(CapabilityRights.Wait | CapabilityRights.Acknowledge));
        Assert.That(manifest.TryGetNeed(ResourceKind.PciConfig, -1, out ResourceNeed config), Is.True);
        Assert.That(config.Rights, Is.EqualTo(CapabilityRights.ReadWrite));
        Assert.That(manifest.MemoryQuotaBytes, Is.EqualTo(256UL * 1024));
        Assert.That((manifest.InstanceName(0), manifest.InstanceName(1)), Is.EqualTo(("edu", "edu1")), "no prefix: the driver's name, then numbered");
    }

    [Test]
    public void ClassClausesMatchAnyDeviceOfTheClass()
    {
        DriverManifest manifest = Read(typeof(ClassDriver), out _);

        Assert.That(manifest.Matches(0x8086, 0x7010, 0x01, 0x01, 0x80), Is.True);
        Assert.That(manifest.Matches(0x8086, 0x2922, 0x01, 0x06, 0x01), Is.True);
        Assert.That(manifest.Matches(0x8086, 0x2922, 0x01, 0x06, 0x00), Is.False, "the programming interface was given");
        Assert.That(manifest.MatchesExactly(0x8086, 0x7010), Is.False);
        Assert.That(manifest.TryGetNeed(ResourceKind.IoPorts, 1, out ResourceNeed ports), Is.True);
        Assert.That(ports.Rights, Is.EqualTo(CapabilityRights.Read));
        Assert.That(manifest.MemoryQuotaBytes, Is.EqualTo(DriverManifest.DefaultMemoryQuotaBytes), "no [NeedsMemory]: the default quota");
        Assert.That((manifest.InstancePrefix, manifest.InstanceName(0), manifest.InstanceName(1)), Is.EqualTo(("hd", "hd0", "hd1")));
    }

    [Test]
    public void IncompleteOrContradictoryManifestsAreRefusedWithTheReason()
    {
        string Error(params object[] attributes)
        {
            Assert.That(DriverManifest.FromAttributes("Bad", attributes, out string error), Is.Null);
            return error;
        }

        Assert.That(Error(new DrivesPciDeviceAttribute(1, 2)), Is.EqualTo("driver Bad has no [Driver(name)]"));
        Assert.That(Error(new DriverAttribute("x")), Is.EqualTo("driver Bad drives nothing: add [DrivesPciDevice], [DrivesPciClass] or [DrivesPlatformDevice]"));
        Assert.That(Error(new DriverAttribute("x"), new DrivesPciDeviceAttribute(1, 2), new NeedsMmioAttribute(6)),
            Is.EqualTo("driver Bad names BAR 6; BARs are 0-5"));
        Assert.That(Error(new DriverAttribute("x"), new DrivesPciDeviceAttribute(1, 2), new NeedsMmioAttribute(0), new NeedsIoPortsAttribute(0)),
            Is.EqualTo("driver Bad names BAR 0 twice"));
        Assert.That(Error(new DriverAttribute("x"), new DrivesPciDeviceAttribute(1, 2), new NeedsDmaAttribute(0)),
            Does.Contain("empty DMA pool"));
        Assert.That(Error(new DriverAttribute("x"), new DrivesPciClassAttribute(1, 1) { ProgrammingInterface = 300 }),
            Does.Contain("programming interface 300"));
        Assert.That(Error(new DriverAttribute("x"), new DrivesPciDeviceAttribute(1, 2), new NeedsMemoryAttribute(0)),
            Does.Contain("asks for no memory at all"));
    }

    [Test]
    public void ADeviceStopIsKeptWhenTheKernelCanPerformItAndRefusedWithTheReasonWhenNot()
    {
        DriverManifest ReadWith(StopsDeviceAttribute stop, out string error) => DriverManifest.FromAttributes("Stopping",
            [new DriverAttribute("x"), new DrivesPciDeviceAttribute(1, 2), new NeedsMmioAttribute(0), stop], out error);
        string Error(StopsDeviceAttribute stop)
        {
            Assert.That(ReadWith(stop, out string error), Is.Null);
            return error;
        }

        var nvmeLike = new StopsDeviceAttribute(0, 0x14, 0) { StoppedRegister = 0x1C, StoppedMask = 1, StoppedValue = 0 };
        Assert.That(ReadWith(nvmeLike, out string accepted)?.DeviceStop, Is.SameAs(nvmeLike), accepted);
        Assert.That(ReadWith(new StopsDeviceAttribute(0, 0x4, 1), out _)?.DeviceStop, Is.Not.Null, "a write without a wait");
        Assert.That(Read(typeof(EduLikeDriver), out _).DeviceStop, Is.Null, "no [StopsDevice]: none");

        Assert.That(Error(new StopsDeviceAttribute(2, 0x14, 0)),
            Is.EqualTo("driver Stopping [StopsDevice] writes to BAR 2, which the manifest does not declare with [NeedsMmio]"));
        Assert.That(Error(new StopsDeviceAttribute(0, 0x15, 0)), Does.Contain("register offset 21, not a 4-aligned offset"));
        Assert.That(Error(new StopsDeviceAttribute(0, -4, 0)), Does.Contain("register offset -4"));
        Assert.That(Error(new StopsDeviceAttribute(0, 0x14, 0) { StoppedRegister = 0x1C }), Does.Contain("mask 0x0"));
        Assert.That(Error(new StopsDeviceAttribute(0, 0x14, 0) { StoppedRegister = 0x1E, StoppedMask = 1 }), Does.Contain("offset 30"));
        Assert.That(Error(new StopsDeviceAttribute(0, 0x14, 0) { StoppedRegister = -2 }), Does.Contain("offset -2"));
        Assert.That(Error(new StopsDeviceAttribute(0, 0x14, 0) { TimeoutMilliseconds = 0 }), Does.Contain("0 ms to stop; 1-10000 ms"));
        Assert.That(Error(new StopsDeviceAttribute(0, 0x14, 0) { TimeoutMilliseconds = 10001 }), Does.Contain("10001 ms"));
        Assert.That(ReadWith(new StopsDeviceAttribute(0, 0x14, 0) { TimeoutMilliseconds = 10000 }, out _), Is.Not.Null, "10 s is allowed");
    }

    [Test]
    public void APlatformDriverNamesItsDeviceItsFixedPortsAndItsIsaIrq()
    {
        DriverManifest manifest = Read(typeof(PlatformDriver), out string error);

        Assert.That(error, Is.Null);
        Assert.That((manifest.PlatformDevice, manifest.MatchCount, manifest.NeedCount), Is.EqualTo(("i8042", 0, 3)));
        Assert.That(manifest.Matches(0x8086, 0x7000, 0x06, 0x01, 0), Is.False, "it drives no PCI function");
        Assert.That(manifest.TryGetFixedPorts(0x60, 1, out ResourceNeed data), Is.True);
        Assert.That(manifest.TryGetFixedPorts(0x64, 1, out ResourceNeed command), Is.True);
        Assert.That((data.Rights, command.Rights), Is.EqualTo((CapabilityRights.ReadWrite, CapabilityRights.Read)));
        Assert.That(manifest.TryGetFixedPorts(0x61, 1, out _), Is.False, "the port between is not declared");
        Assert.That(manifest.TryGetFixedPorts(0x60, 2, out _), Is.False, "nor a wider range");
        Assert.That(manifest.TryGetIsaIrq(1, out ResourceNeed irq), Is.True);
        Assert.That((irq.Kind, irq.Number, irq.Rights), Is.EqualTo((ResourceKind.IsaIrq, 1, CapabilityRights.Wait | CapabilityRights.Acknowledge)));
        Assert.That(manifest.TryGetIsaIrq(12, out _), Is.False);
        Assert.That(manifest.TryGetNeed(ResourceKind.Irq, -1, out _), Is.False, "no PCI interrupt");
        Assert.That(manifest.InstanceName(0), Is.EqualTo("kbd0"));
    }

    [Test]
    public void APlatformManifestThatContradictsItselfIsRefusedWithTheReason()
    {
        string Error(params object[] attributes)
        {
            Assert.That(DriverManifest.FromAttributes("Bad", [new DriverAttribute("x"), .. attributes], out string error), Is.Null);
            return error;
        }
        var i8042 = new DrivesPlatformDeviceAttribute("i8042");

        Assert.That(Error(i8042, new DrivesPciDeviceAttribute(1, 2)),
            Is.EqualTo("driver Bad drives PCI devices and platform device i8042: a manifest names one kind"));
        Assert.That(Error(new DrivesPlatformDeviceAttribute("i8024")), Is.EqualTo("driver Bad drives platform device 'i8024', which the kernel does not know"));
        Assert.That(Error(i8042, new NeedsIoPortsAttribute(0)), Is.EqualTo("driver Bad drives platform device i8042 but declares [NeedsIoPorts]: "
            + "a platform device has no BARs, PCI interrupt, configuration space or DMA; it takes [NeedsFixedIoPorts] and [NeedsIsaIrq]"));
        Assert.That(Error(i8042, new NeedsIrqAttribute()), Does.StartWith("driver Bad drives platform device i8042 but declares [NeedsIrq]:"));
        Assert.That(Error(i8042, new NeedsDmaAttribute(4096)), Does.StartWith("driver Bad drives platform device i8042 but declares [NeedsDma]:"));
        Assert.That(Error(i8042, new NeedsMmioAttribute(0)), Does.StartWith("driver Bad drives platform device i8042 but declares [NeedsMmio]:"));
        Assert.That(Error(i8042, new NeedsPciConfigAttribute()), Does.StartWith("driver Bad drives platform device i8042 but declares [NeedsPciConfig]:"));
        Assert.That(Error(new DrivesPciDeviceAttribute(1, 2), new NeedsFixedIoPortsAttribute(0x60, 1)), Is.EqualTo("driver Bad drives PCI devices "
            + "but declares [NeedsFixedIoPorts], which is for platform devices: a PCI function's ports are its BARs and its interrupt is [NeedsIrq]"));
        Assert.That(Error(new DrivesPciDeviceAttribute(1, 2), new NeedsIsaIrqAttribute(1)), Does.StartWith("driver Bad drives PCI devices but declares [NeedsIsaIrq]"));
        Assert.That(Error(i8042, new NeedsFixedIoPortsAttribute(0x60, 0)), Is.EqualTo("driver Bad declares 0 ports from 0x60, not a range of the port space"));
        Assert.That(Error(i8042, new NeedsFixedIoPortsAttribute(0xFFFF, 2)), Is.EqualTo("driver Bad declares 2 ports from 0xffff, not a range of the port space"));
        Assert.That(Error(i8042, new NeedsFixedIoPortsAttribute(0x60, 5), new NeedsFixedIoPortsAttribute(0x64, 1)),
            Is.EqualTo("driver Bad declares port 0x64 twice"));
        Assert.That(Error(i8042, new NeedsFixedIoPortsAttribute(0x64, 1), new NeedsFixedIoPortsAttribute(0x60, 8)),
            Is.EqualTo("driver Bad declares port 0x64 twice"), "an overlap is found whichever comes first");
        Assert.That(Error(i8042, new NeedsIsaIrqAttribute(16)), Is.EqualTo("driver Bad declares ISA IRQ 16; ISA IRQs are 0-15"));
        Assert.That(Error(i8042, new NeedsIsaIrqAttribute(-1)), Is.EqualTo("driver Bad declares ISA IRQ -1; ISA IRQs are 0-15"));
        Assert.That(Error(i8042, new NeedsIsaIrqAttribute(1), new NeedsIsaIrqAttribute(1)), Is.EqualTo("driver Bad declares ISA IRQ 1 twice"));
        Assert.That(DriverManifest.FromAttributes("Good", [new DriverAttribute("x"), i8042, new NeedsFixedIoPortsAttribute(0x60, 4),
            new NeedsFixedIoPortsAttribute(0x64, 1), new NeedsIsaIrqAttribute(1), new NeedsIsaIrqAttribute(12)], out _), Is.Not.Null,
            "ranges that only touch, and two IRQs, are fine");
    }
}
