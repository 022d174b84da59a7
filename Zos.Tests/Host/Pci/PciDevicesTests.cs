using Zos.Hal.Acpi;
using Zos.Hal.Pci;
using Zos.Kernel.Platform;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Pci;

public class PciDevicesTests
{
    [Test]
    public void WithoutAnMcfgTheLegacyPortsAreUsed()
    {
        Assert.That(PciDevices.ChooseConfig(null!, new SimulatedPhysicalMemory(), PciDevices.IdentityMapLimit, out string description), Is.InstanceOf<LegacyPciConfig>());
        Assert.That(description, Is.EqualTo("legacy (no MCFG table)"));
        Assert.That(PciDevices.ChooseConfig([], new SimulatedPhysicalMemory(), PciDevices.IdentityMapLimit, out description), Is.InstanceOf<LegacyPciConfig>());
    }

    [Test]
    public void EcamCoversTheGroupsBelowTheLimit()
    {
        var config = PciDevices.ChooseConfig(
            [new PciSegmentGroup(0xB000_0000, 0, 0, 255), new PciSegmentGroup(0xF800_0000, 1, 0, 255), new PciSegmentGroup(0xE000_0000, 2, 0, 15)],
            new SimulatedPhysicalMemory(), PciDevices.IdentityMapLimit, out string description);

        Assert.That(config, Is.InstanceOf<EcamPciConfig>());
        Assert.That(config.BusRanges.Select(r => (r.Segment, r.FirstBus, r.LastBus)), Is.EqualTo(new[] { ((ushort)0, (byte)0, (byte)255), ((ushort)2, (byte)0, (byte)15) }));
        Assert.That(description, Is.EqualTo("ecam segment 0 buses 0-255 at 0xb0000000, segment 2 buses 0-15 at 0xe0000000"
            + "; segment 1 buses 0-255 at 0xf8000000 skipped: above the identity map"));
    }

    [Test]
    public void AGroupEndingExactlyAtTheLimitIsReachable()
    {
        var config = PciDevices.ChooseConfig([new PciSegmentGroup(0xF000_0000, 0, 0, 255)], new SimulatedPhysicalMemory(), PciDevices.IdentityMapLimit, out _);
        Assert.That(config, Is.InstanceOf<EcamPciConfig>());
    }

    [Test]
    public void NoReachableGroupFallsBackToLegacyAndSaysWhy()
    {
        var config = PciDevices.ChooseConfig([new PciSegmentGroup(0x40_0000_0000, 0, 0, 255)], new SimulatedPhysicalMemory(), PciDevices.IdentityMapLimit, out string description);
        Assert.That(config, Is.InstanceOf<LegacyPciConfig>());
        Assert.That(description, Is.EqualTo("legacy (no usable MCFG segment group; segment 0 buses 0-255 at 0x4000000000 skipped: above the identity map)"));
    }

    [Test]
    public void EnumeratesThroughTheChosenEcam()
    {
        // Only bus 0 device 3 answers; everything else reads all ones.
        ulong function = 0xB000_0000 + (3 << 15);
        var mmio = new SimulatedPhysicalMemory().Place(function, new byte[4096]);
        mmio.Poke(function, 0x11E8_1234);
        mmio.Poke(function + 8, 0x00FF_0010);
        mmio.Poke(function + 0xC, 0);
        for (int offset = 0x10; offset < 0x40; offset += 4) mmio.Poke(function + (ulong)offset, 0);
        var config = PciDevices.ChooseConfig([new PciSegmentGroup(0xB000_0000, 0, 0, 0)], mmio, PciDevices.IdentityMapLimit, out _);

        var scan = PciEnumeration.Scan(config);

        Assert.That(scan.Functions.Select(f => (f.Address.ToString(), f.VendorId, f.DeviceId, f.Subclass)), Is.EqualTo(new[] { ("00:03.0", (ushort)0x1234, (ushort)0x11E8, (byte)0xFF) }));
    }
}
