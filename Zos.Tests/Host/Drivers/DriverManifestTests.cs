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
        Assert.That(Error(new DriverAttribute("x")), Does.Contain("drives nothing"));
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
}
