using Zos.Hal.Acpi;
using Zos.Hal.Pci;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Pci;

public class PciConfigMechanismTests
{
    [Test]
    public void LegacyAddressSelectsTheDwordWithTheEnableBit()
    {
        Assert.That(LegacyPciConfig.ConfigAddress(new PciAddress(0, 1, 2, 3), 0x3E), Is.EqualTo(0x8001_133Cu));
        Assert.That(LegacyPciConfig.ConfigAddress(new PciAddress(0, 0xFF, 31, 7), 0xFF), Is.EqualTo(0x80FF_FFFCu));
    }

    [Test]
    public void LegacyReachesSegmentZeroAndThe256ByteHeaderOnly()
    {
        var legacy = new LegacyPciConfig();
        Assert.That(legacy.Reaches(new PciAddress(0, 255, 0, 0)), Is.True);
        Assert.That(legacy.Reaches(new PciAddress(1, 0, 0, 0)), Is.False);
        // Checked before any port is touched (which the host could not do).
        Assert.That(() => legacy.Read32(new PciAddress(0, 0, 0, 0), 0x100), Throws.ArgumentException.With.Message.Contains("outside the 256-byte space"));
        Assert.That(() => legacy.Read32(new PciAddress(1, 0, 0, 0), 0), Throws.ArgumentException.With.Message.Contains("outside the buses"));
    }

    [Test]
    public void EcamAddressesCountFromBusZeroOfTheGroupEvenWhenItStartsHigher()
    {
        var ecam = new EcamPciConfig([new PciSegmentGroup(0xB000_0000, 0, 0, 255), new PciSegmentGroup(0xC000_0000, 1, 4, 7)], new SimulatedPhysicalMemory());
        Assert.That(ecam.RegisterAddress(new PciAddress(0, 3, 4, 5), 0x10), Is.EqualTo(0xB000_0000UL + (3 << 20) + (4 << 15) + (5 << 12) + 0x10));
        Assert.That(ecam.RegisterAddress(new PciAddress(1, 4, 0, 0), 0xFFC), Is.EqualTo(0xC000_0000UL + (4 << 20) + 0xFFC));
        Assert.That(ecam.Reaches(new PciAddress(1, 3, 0, 0)), Is.False);
        Assert.That(ecam.Reaches(new PciAddress(1, 8, 0, 0)), Is.False);
        Assert.That(ecam.Reaches(new PciAddress(2, 4, 0, 0)), Is.False);
        Assert.That(ecam.FunctionSize, Is.EqualTo(4096));
    }

    [Test]
    public void EcamAccessesHaveTheRequestedWidthAtTheRegistersAddress()
    {
        var address = new PciAddress(0, 0, 3, 0);
        ulong function = 0xB000_0000 + (3 << 15);
        var mmio = new SimulatedPhysicalMemory().Place(function, new byte[4096]);
        var ecam = new EcamPciConfig([new PciSegmentGroup(0xB000_0000, 0, 0, 255)], mmio);
        mmio.Poke(function, 0x11E8_1234);
        mmio.Poke(function + 4, 0x0010_0007);

        Assert.That(ecam.Read16(address, 0), Is.EqualTo(0x1234));
        Assert.That(ecam.Read16(address, 2), Is.EqualTo(0x11E8));
        Assert.That(ecam.Read8(address, 3), Is.EqualTo(0x11));
        Assert.That(ecam.Read32(address, 0), Is.EqualTo(0x11E8_1234u));
        ecam.Write16(address, PciRegisters.Command, 0x0406);
        ecam.Write32(address, 0x800, 0xCAFE_F00D);

        Assert.That(mmio.Accesses.Where(a => a.Write).Select(a => (a.Address, a.Width, a.Write)), Is.EqualTo(new[] { (function + 4, 2, true), (function + 0x800, 4, true) }));
        // The status register beside the command register was not written.
        Assert.That(mmio.Peek(function + 4), Is.EqualTo(0x0010_0406u));
        Assert.That(mmio.Peek(function + 0x800), Is.EqualTo(0xCAFE_F00Du));
    }

    [Test]
    public void BadOffsetsAreRejectedBeforeAnyAccess()
    {
        var mmio = new SimulatedPhysicalMemory();
        var ecam = new EcamPciConfig([new PciSegmentGroup(0xB000_0000, 0, 0, 0)], mmio);
        var address = new PciAddress(0, 0, 0, 0);
        Assert.That(() => ecam.Read32(address, 0x1000), Throws.ArgumentException.With.Message.Contains("outside the 4096-byte space"));
        Assert.That(() => ecam.Read16(address, 1), Throws.ArgumentException.With.Message.Contains("not aligned for a 16-bit access"));
        Assert.That(() => ecam.Write32(address, 2, 0), Throws.ArgumentException.With.Message.Contains("not aligned for a 32-bit access"));
        Assert.That(() => ecam.Read8(address, -1), Throws.ArgumentException);
        Assert.That(() => ecam.Read8(new PciAddress(0, 1, 0, 0), 0), Throws.ArgumentException.With.Message.Contains("01:00.0 is outside the buses ecam"));
        Assert.That(mmio.Accesses, Is.Empty);
    }

    [Test]
    public void EcamNeedsASegmentGroup()
    {
        Assert.That(() => new EcamPciConfig([], new SimulatedPhysicalMemory()), Throws.ArgumentException.With.Message.Contains("at least one"));
    }
}
