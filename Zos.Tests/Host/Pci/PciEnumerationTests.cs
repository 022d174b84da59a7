using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

public class PciEnumerationTests
{
    private static SimulatedFunction HostBridge() => new SimulatedFunction(0x8086, 0x29C0).Class(0x06, 0x00);

    private static SimulatedFunction PciBridge(byte secondary) =>
        new SimulatedFunction(0x1B36, 0x0001).Class(0x06, 0x04).Bridge(secondary, secondary);

    private static string[] Addresses(PciEnumeration scan) => scan.Functions.Select(f => f.Address.ToString()).ToArray();

    [Test]
    public void ReadsEveryFieldOfAFunction()
    {
        var config = new SimulatedPciConfig().Add(0, 4, 0, new SimulatedFunction(0x1234, 0x11E8)
            .Class(0x00, 0xFF, 0x01, revision: 0x10)
            .Subsystem(0x1AF4, 0x1100)
            .Interrupt(line: 11, pin: 1)
            .MemoryBar32(0, 0xFEA0_0000, 0x10_0000)
            .Msi(0x40, is64Bit: true, masking: false));

        PciFunctionInfo edu = PciEnumeration.Scan(config).Functions.Single();

        Assert.That((edu.VendorId, edu.DeviceId, edu.ClassCode, edu.Subclass, edu.ProgIf, edu.Revision),
            Is.EqualTo(((ushort)0x1234, (ushort)0x11E8, (byte)0x00, (byte)0xFF, (byte)0x01, (byte)0x10)));
        Assert.That((edu.SubsystemVendorId, edu.SubsystemId, edu.InterruptLine, edu.InterruptPin), Is.EqualTo(((ushort)0x1AF4, (ushort)0x1100, (byte)11, (byte)1)));
        Assert.That((edu.HeaderLayout, edu.IsMultiFunction, edu.IsPciBridge), Is.EqualTo(((byte)0, false, false)));
        Assert.That(edu.TryGetBar(0, out PciBar bar0), Is.True);
        Assert.That((bar0.Kind, bar0.Address, bar0.Size), Is.EqualTo((PciBarKind.Memory32, 0xFEA0_0000UL, 0x10_0000UL)));
        Assert.That(edu.TryGetBar(1, out _), Is.False);
        Assert.That(edu.Capabilities.Select(c => c.Id), Is.EqualTo(new[] { PciCapability.MsiId }));
        Assert.That(edu.Msi!.Is64Bit, Is.True);
        Assert.That(edu.MsiX, Is.Null);
        Assert.That(edu.Problems, Is.Empty);
    }

    [Test]
    public void ScansFunctionsOneToSevenOnlyOfMultiFunctionDevices()
    {
        var config = new SimulatedPciConfig()
            .Add(0, 0, 0, HostBridge())
            .Add(0, 1, 0, new SimulatedFunction(0x8086, 0x7000).HeaderType(0x80))
            .Add(0, 1, 3, new SimulatedFunction(0x8086, 0x7113))
            .Add(0, 2, 0, new SimulatedFunction(0x1234, 0x1111))
            // Answers, but function 0 does not say the device is multi-function.
            .Add(0, 2, 1, new SimulatedFunction(0x1234, 0x2222))
            // Function 0 absent: the device is absent.
            .Add(0, 3, 1, new SimulatedFunction(0x1234, 0x3333));

        var scan = PciEnumeration.Scan(config);

        Assert.That(Addresses(scan), Is.EqualTo(new[] { "00:00.0", "00:01.0", "00:01.3", "00:02.0" }));
        Assert.That(scan.BusesScanned, Is.EqualTo(1));
        Assert.That(scan.Problems, Is.Empty);
    }

    [Test]
    public void FollowsBridgesToTheirSecondaryBuses()
    {
        var config = new SimulatedPciConfig()
            .Add(0, 0, 0, HostBridge())
            .Add(0, 0x1C, 0, PciBridge(secondary: 2))
            .Add(0, 0x1E, 0, PciBridge(secondary: 5))
            .Add(2, 0, 0, PciBridge(secondary: 3))
            .Add(3, 7, 0, new SimulatedFunction(0x8086, 0x10D3))
            .Add(5, 1, 0, new SimulatedFunction(0x1AF4, 0x1000))
            // Not behind any bridge: never reached.
            .Add(9, 0, 0, new SimulatedFunction(0xDEAD, 0xBEEF));

        var scan = PciEnumeration.Scan(config);

        Assert.That(Addresses(scan), Is.EqualTo(new[] { "00:00.0", "00:1c.0", "00:1e.0", "02:00.0", "05:01.0", "03:07.0" }));
        Assert.That(scan.BusesScanned, Is.EqualTo(4));
        Assert.That(scan.Problems, Is.Empty);
        Assert.That(scan.Functions[1].SecondaryBus, Is.EqualTo(2));
    }

    [Test]
    public void BadSecondaryBusesAreProblemsNotLoops()
    {
        var config = new SimulatedPciConfig(new PciBusRange(0, 0, 7))
            .Add(0, 0, 0, HostBridge())
            .Add(0, 1, 0, PciBridge(secondary: 1))
            .Add(0, 2, 0, PciBridge(secondary: 0))
            .Add(0, 3, 0, PciBridge(secondary: 9))
            .Add(1, 0, 0, PciBridge(secondary: 1))
            .Add(1, 1, 0, PciBridge(secondary: 2))
            .Add(2, 0, 0, PciBridge(secondary: 1))
            .Add(0, 4, 0, PciBridge(secondary: 2));

        var scan = PciEnumeration.Scan(config);

        Assert.That(Addresses(scan), Is.EqualTo(new[] { "00:00.0", "00:01.0", "00:02.0", "00:03.0", "00:04.0", "01:00.0", "01:01.0", "02:00.0" }));
        Assert.That(scan.Problems, Is.EqualTo(new[]
        {
            "bridge 00:02.0 names secondary bus 0, not above its own bus 0 (unconfigured?)",
            "bridge 00:03.0 names secondary bus 9, outside buses 0-7",
            "bridge 01:00.0 names secondary bus 1, not above its own bus 1 (unconfigured?)",
            "bridge 01:01.0 names secondary bus 2, which another bridge already leads to",
            "bridge 02:00.0 names secondary bus 1, not above its own bus 2 (unconfigured?)",
        }));
    }

    [Test]
    public void EachSegmentGroupIsScannedFromItsFirstBus()
    {
        var config = new SimulatedPciConfig(new PciBusRange(0, 0, 255), new PciBusRange(1, 0x40, 0x4F))
            .Add(0, 0, 0, HostBridge())
            .Add(new PciAddress(1, 0x40, 0, 0), HostBridge())
            .Add(new PciAddress(1, 0x40, 2, 0), PciBridge(secondary: 0x41))
            .Add(new PciAddress(1, 0x41, 0, 0), new SimulatedFunction(0x144D, 0xA808).Class(0x01, 0x08, 0x02));

        var scan = PciEnumeration.Scan(config);

        Assert.That(Addresses(scan), Is.EqualTo(new[] { "00:00.0", "0001:40:00.0", "0001:40:02.0", "0001:41:00.0" }));
        Assert.That(scan.BusesScanned, Is.EqualTo(3));
    }

    [Test]
    public void MalformedFunctionsAreListedWithTheirProblems()
    {
        var loop = new SimulatedFunction(0xBAD, 1).Interrupt(0xFF, 9).RawBar(0, 0xF000_0000, 0xF0F0_0000).Capability(0x40, 0x09);
        loop.Bytes[0x41] = 0x40;
        var config = new SimulatedPciConfig()
            .Add(0, 1, 0, loop)
            .Add(0, 2, 0, new SimulatedFunction(0xBAD, 2).HeaderType(0x05));

        var scan = PciEnumeration.Scan(config);

        Assert.That(scan.Functions, Has.Length.EqualTo(2));
        Assert.That(scan.Functions[0].Problems, Is.EqualTo(new[]
        {
            "interrupt pin 9 is not 0-4 (none, INTA-INTD)",
            "BAR 0 size probe gives 0xf100000 bytes, not a power of two: its writable bits are not contiguous",
            "capability list loops back to 0x40 after 1 entries",
        }));
        Assert.That(scan.Functions[0].Bars, Is.Empty);
        Assert.That(scan.Functions[1].Problems, Is.EqualTo(new[] { "header layout 5 is unknown; BARs and capabilities not read" }));
        Assert.That(scan.Functions[1].Bars, Is.Empty);
    }
}
