using Zos.Drivers.Ps2;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Platform;
using Zos.Kernel.DeviceAccess;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;
using Zos.Tests.Host.Pci;
using Zos.Hal.Pci;

namespace Zos.Tests.Host.DeviceAccess;

// A platform device's grants: the keyboard driver's manifest on the 8042 gets
// exactly ports 0x60 and 0x64 and IRQ 1, and nothing else, whatever it asks.
public class PlatformDeviceGrantsTests
{
    private const CapabilityRights ReadWrite = CapabilityRights.ReadWrite;
    private const CapabilityRights WaitAcknowledge = CapabilityRights.Wait | CapabilityRights.Acknowledge;

    private SimulatedIoPorts _ports = null!;
    private CapabilityAuthority _authority = null!;
    private SimulatedInterruptRouting _routing = null!;
    private TestOwner _owner = null!;
    private PlatformDeviceResources _i8042 = null!;

    [SetUp]
    public void CreateAuthority()
    {
        _ports = new SimulatedIoPorts();
        _authority = new CapabilityAuthority(_ports, new SimulatedPhysicalMemory(), new SimulatedDmaMemory(1 << 20), 64 * 1024, 32);
        _routing = new SimulatedInterruptRouting();
        _owner = new TestOwner("kbd0");
        PlatformDevice device = PcPlatformDevices.Discover(null!, "none").Single(d => d.Name == "i8042");
        _i8042 = PlatformDeviceResources.Declare(_authority, device, _routing);
    }

    private static DriverManifest KeyboardManifest()
    {
        DriverManifest manifest = DriverManifest.FromAttributes(typeof(Ps2KeyboardDriver).FullName!,
            typeof(Ps2KeyboardDriver).GetCustomAttributes(false), out string error);
        Assert.That(error, Is.Null);
        return manifest;
    }

    [Test]
    public void TheKeyboardDriverGetsExactlyTheTwoPortsAndIrq1()
    {
        var grants = new DeviceGrants(_authority, KeyboardManifest(), _i8042, _owner);

        Assert.That(grants.RequestFixedIoPorts(0x60, 1, ReadWrite, out IoPortRange data), Is.Null);
        Assert.That(grants.RequestFixedIoPorts(0x64, 1, ReadWrite, out IoPortRange command), Is.Null);
        Assert.That(grants.RequestIsaIrq(1, WaitAcknowledge, out Irq irq), Is.Null);

        Assert.That((data.Base, data.Length, command.Base, command.Length), Is.EqualTo(((ushort)0x60, 1, (ushort)0x64, 1)));
        Assert.That((irq.Mode, irq.Number, irq.Rights), Is.EqualTo((IrqMode.Line, 1, WaitAcknowledge)));
        Assert.That(_routing.Signals.Select(s => (s.Number, s.Connected)), Is.EqualTo(new[] { (1, true) }), "IRQ 1's line is attached, no other");
        Assert.That(Enumerable.Range(0, _owner.CapabilityCount).Select(i => _owner.CapabilityAt(i).Describe()),
            Is.EqualTo(new[] { "ports 0x60..0x60 read,write", "ports 0x64..0x64 read,write", "irq 1 wait,acknowledge" }));
    }

    [Test]
    public void EverythingElseIsDeniedWithTheReason()
    {
        var grants = new DeviceGrants(_authority, KeyboardManifest(), _i8042, _owner);

        CapabilityDenial between = grants.RequestFixedIoPorts(0x61, 1, CapabilityRights.Read, out _);
        CapabilityDenial wider = grants.RequestFixedIoPorts(0x60, 5, CapabilityRights.Read, out _);
        CapabilityDenial aux = grants.RequestIsaIrq(12, CapabilityRights.Wait, out _);
        CapabilityDenial bar = grants.RequestIoPorts(0, CapabilityRights.Read, out _);
        CapabilityDenial pciIrq = grants.RequestIrq(0, CapabilityRights.Wait, out _);
        CapabilityDenial dma = grants.RequestDmaPool(4096, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate, out _);
        CapabilityDenial config = grants.RequestPciFunction(CapabilityRights.Read, out _);

        Assert.That(between.Message, Is.EqualTo("the manifest of ps2-keyboard does not declare port 0x61"));
        Assert.That(wider.Message, Is.EqualTo("the manifest of ps2-keyboard does not declare ports 0x60-0x64"));
        Assert.That(aux.Message, Is.EqualTo("the manifest of ps2-keyboard does not declare ISA IRQ 12"), "the mouse port's interrupt is the device's, not the driver's");
        Assert.That(bar.Message, Is.EqualTo("the manifest of ps2-keyboard does not declare I/O ports of BAR 0"));
        Assert.That(new[] { between, wider, aux, bar, pciIrq, dma, config }.Select(d => d.Reason), Is.All.EqualTo(DenialReason.NotPermitted));
        Assert.That((_owner.CapabilityCount, _owner.Denials), Is.EqualTo((0, 7)));
        Assert.That(_routing.Signals, Is.Empty, "no line was touched");
    }

    [Test]
    public void RightsBeyondTheManifestAreDenied()
    {
        DriverManifest manifest = new("reader", "Test.Reader", [], [ResourceNeed.FixedPorts(0x60, 1, CapabilityRights.Read)],
            platformDevice: "i8042");
        var grants = new DeviceGrants(_authority, manifest, _i8042, _owner);

        CapabilityDenial denial = grants.RequestFixedIoPorts(0x60, 1, ReadWrite, out _);
        Assert.That((denial.Reason, denial.Message), Is.EqualTo((DenialReason.RightsExceeded, "port 0x60: asked for read,write, the manifest of reader declares read")));
    }

    [Test]
    public void WhatTheDeviceLacksIsDeniedEvenWhenTheManifestAsks()
    {
        DriverManifest greedy = new("greedy", "Test.Greedy", [],
            [ResourceNeed.FixedPorts(0x60, 5, ReadWrite), ResourceNeed.IsaInterrupt(5, WaitAcknowledge)], platformDevice: "i8042");
        var grants = new DeviceGrants(_authority, greedy, _i8042, _owner);

        Assert.That(grants.RequestFixedIoPorts(0x60, 5, ReadWrite, out _).Message, Is.EqualTo("i8042 ports 0x60,0x64 irqs 1,12 has no ports 0x60-0x64"));
        Assert.That(grants.RequestFixedIoPorts(0x62, 1, ReadWrite, out _).Message, Is.EqualTo("i8042 ports 0x60,0x64 irqs 1,12 has no port 0x62"));
        Assert.That(grants.RequestIsaIrq(5, WaitAcknowledge, out _).Message, Is.EqualTo("i8042 ports 0x60,0x64 irqs 1,12 has no ISA IRQ 5"));
        Assert.That(_owner.CapabilityCount, Is.Zero);
    }

    [Test]
    public void APortBesideTheGrantIsAViolationAndNeverReachesTheHardware()
    {
        var grants = new DeviceGrants(_authority, KeyboardManifest(), _i8042, _owner);
        Assert.That(grants.RequestFixedIoPorts(0x64, 1, ReadWrite, out IoPortRange command), Is.Null);
        _ports.Set(0x64, 0x1C);
        _ports.Set(0x65, 0xAB);

        Assert.That(command.Read8(0), Is.EqualTo(0x1C));
        var beside = Assert.Throws<CapabilityViolationException>(() => command.Read8(1));

        Assert.That((beside!.Violation.Violation, beside.Violation.Address), Is.EqualTo((ViolationReason.OutOfRange, 0x65UL)));
        Assert.That(_ports.Accesses, Is.EqualTo(new[] { "in8 0x64 0x1c" }));
    }

    [Test]
    public void DisableTakesTheHandlerOffTheLineAndTheNextGrantPutsItBack()
    {
        var grants = new DeviceGrants(_authority, KeyboardManifest(), _i8042, _owner);
        Assert.That(grants.RequestIsaIrq(1, WaitAcknowledge, out _), Is.Null);
        SimulatedIrqSignal line = _routing.Signals.Single();

        Assert.That(_i8042.Disable(), Is.Null);
        Assert.That(line.Connected, Is.False, "a crashed driver's interrupt reaches no one");
        _authority.RevokeAll(_owner);
        _authority.BeginNewGeneration(_owner);

        Assert.That(grants.RequestIsaIrq(1, WaitAcknowledge, out Irq again), Is.Null);
        Assert.That((_routing.Signals.Count, line.Connected, again.Number), Is.EqualTo((1, true, 1)), "the same line, attached again");
    }

    [Test]
    public void APciFunctionHasNoFixedPortsOrIsaIrqsWhateverTheManifestSays()
    {
        var pci = new SimulatedPciConfig().Add(0, 4, 0, new SimulatedFunction(0x1234, 0x5678).IoBar(0, 0xC000, 16));
        DeviceResources function = DeviceResources.Declare(_authority, PciEnumeration.Scan(pci).Functions.Single(), new SimulatedPciFunction(), pci,
            _routing, new SimulatedPhysicalMemory());
        DriverManifest handMade = new("odd", "Test.Odd", [PciMatch.Device(0x1234, 0x5678)],
            [ResourceNeed.FixedPorts(0x60, 1, ReadWrite), ResourceNeed.IsaInterrupt(1, WaitAcknowledge)]);
        var grants = new DeviceGrants(_authority, handMade, function, _owner);

        Assert.That(grants.RequestFixedIoPorts(0x60, 1, ReadWrite, out _).Message,
            Is.EqualTo("00:04.0 1234:5678 is a PCI function: its ports are its BARs and its interrupt its own"));
        Assert.That(grants.RequestIsaIrq(1, WaitAcknowledge, out _).Reason, Is.EqualTo(DenialReason.NotPermitted));
        Assert.That(_owner.CapabilityCount, Is.Zero);
    }
}
