using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Supervision;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;
using Zos.Tests.Host.Pci;

namespace Zos.Tests.Host.DeviceAccess;

// The kernel's grant policy over simulated hardware: a driver gets exactly
// what its manifest declares and its device has, and a port outside its grant
// never reaches the hardware.
public class DeviceGrantsTests
{
    private const ushort PortBase = 0xC000;
    private const ulong MmioBase = 0xFE10_0000, MmioSize = 0x1000;
    private const CapabilityRights ReadWrite = CapabilityRights.ReadWrite;

    private sealed class TestOwner() : CapabilityOwner("driver-under-test");

    private sealed class RecordingHandler : CapabilityViolationHandler
    {
        public List<CapabilityEvent> Violations { get; } = new();
        public override void OnViolation(CapabilityEvent violation) => Violations.Add(violation);
    }

    private SimulatedIoPorts _ports = null!;
    private SimulatedPhysicalMemory _memory = null!;
    private CapabilityAuthority _authority = null!;
    private RecordingHandler _handler = null!;
    private TestOwner _owner = null!;

    [SetUp]
    public void CreateAuthority()
    {
        _ports = new SimulatedIoPorts();
        _memory = new SimulatedPhysicalMemory().Place(SimulatedDmaMemory.RamBase, new byte[1 << 20]).Place(MmioBase, new byte[MmioSize]);
        _handler = new RecordingHandler();
        _authority = new CapabilityAuthority(_ports, _memory, new SimulatedDmaMemory(1 << 20), 64 * 1024, 32) { ViolationHandler = _handler };
        _owner = new TestOwner();
    }

    private static SimulatedFunction Device(byte interruptPin = 1) =>
        new SimulatedFunction(0x1234, 0x5678).IoBar(0, PortBase, 16).MemoryBar32(1, (uint)MmioBase, (uint)MmioSize).Interrupt(11, interruptPin);

    private static DriverManifest Manifest(params ResourceNeed[] needs) =>
        new("test", "Test.Driver", [PciMatch.Device(0x1234, 0x5678)], needs);

    private static ResourceNeed Need(ResourceKind kind, int bar, CapabilityRights rights, ulong bytes = 0, ulong limit = 0) =>
        new(kind, bar, rights, bytes, limit, MmioCaching.Uncached);

    private DeviceGrants Grants(DriverManifest manifest, bool withIrq = true)
    {
        var pci = new SimulatedPciConfig().Add(0, 4, 0, Device(withIrq ? (byte)1 : (byte)0));
        DeviceResources device = DeviceResources.Declare(_authority, PciEnumeration.Scan(pci).Functions.Single(), new SimulatedPciFunction(), pci,
            new SimulatedInterruptRouting(), _memory);
        return new DeviceGrants(_authority, manifest, device, _owner);
    }

    [Test]
    public void GrantsExactlyTheDeviceResourcesTheManifestDeclares()
    {
        DeviceGrants grants = Grants(Manifest(Need(ResourceKind.IoPorts, 0, CapabilityRights.Read), Need(ResourceKind.Mmio, 1, ReadWrite),
            Need(ResourceKind.Irq, -1, CapabilityRights.Wait | CapabilityRights.Acknowledge),
            Need(ResourceKind.Dma, -1, CapabilityRights.Allocate | ReadWrite, 8192, CapabilityAuthority.Below4GiB)));

        Assert.That(grants.RequestIoPorts(0, CapabilityRights.Read, out IoPortRange ports), Is.Null);
        Assert.That(grants.RequestMmio(1, ReadWrite, out MmioRegion mmio), Is.Null);
        Assert.That(grants.RequestIrq(0, CapabilityRights.Wait, out Irq irq), Is.Null);
        Assert.That(grants.RequestDmaPool(8192, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate | ReadWrite, out DmaPool pool), Is.Null);

        Assert.That((ports.Base, ports.Length, ports.Rights, ports.Owner), Is.EqualTo((PortBase, 16, CapabilityRights.Read, (CapabilityOwner)_owner)));
        Assert.That((mmio.PhysicalBase, mmio.Size, mmio.Rights), Is.EqualTo((MmioBase, MmioSize, ReadWrite)));
        Assert.That((irq.Mode, irq.Number, irq.Rights), Is.EqualTo((IrqMode.Line, 11, CapabilityRights.Wait)));
        Assert.That(pool.Bytes, Is.EqualTo(8192UL));
        Assert.That((_owner.CapabilityCount, _owner.Denials), Is.EqualTo((4, 0)));
    }

    [Test]
    public void APortOutsideTheGrantIsAViolationAndNeverReachesTheHardware()
    {
        DeviceGrants grants = Grants(Manifest(Need(ResourceKind.IoPorts, 0, CapabilityRights.Read)));
        Assert.That(grants.RequestIoPorts(0, CapabilityRights.Read, out IoPortRange ports), Is.Null);
        _ports.Set(PortBase + 3, 0x5A);

        Assert.That(ports.Read8(3), Is.EqualTo(0x5A));
        var beyond = Assert.Throws<CapabilityViolationException>(() => ports.Read8(16));
        var write = Assert.Throws<CapabilityViolationException>(() => ports.Write8(3, 1));

        Assert.That(_ports.Accesses, Is.EqualTo(new[] { "in8 0xc003 0x5a" }), "only the granted read reached the ports");
        Assert.That((beyond!.Violation.Violation, beyond.Violation.Address), Is.EqualTo((ViolationReason.OutOfRange, (ulong)PortBase + 16)));
        Assert.That(write!.Violation.Violation, Is.EqualTo(ViolationReason.MissingRights));
        Assert.That(_handler.Violations.Select(v => v.Owner), Is.EqualTo(new CapabilityOwner[] { _owner, _owner }), "the kernel's handler is told");
        Assert.That(_owner.Violations, Is.EqualTo(2));
    }

    [Test]
    public void WhatTheManifestDoesNotDeclareIsDeniedWithTheReason()
    {
        DeviceGrants grants = Grants(Manifest(Need(ResourceKind.IoPorts, 0, CapabilityRights.Read), Need(ResourceKind.Mmio, 1, CapabilityRights.Read)));

        CapabilityDenial moreRights = grants.RequestIoPorts(0, ReadWrite, out IoPortRange ports);
        CapabilityDenial otherBar = grants.RequestMmio(2, CapabilityRights.Read, out MmioRegion mmio);
        CapabilityDenial noIrq = grants.RequestIrq(0, CapabilityRights.Wait, out Irq irq);
        CapabilityDenial noConfig = grants.RequestPciFunction(CapabilityRights.Read, out PciFunctionCapability config);
        CapabilityDenial noDma = grants.RequestDmaPool(4096, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate, out DmaPool pool);

        Assert.That((ports, mmio, irq, config, pool), Is.EqualTo(((IoPortRange?)null, (MmioRegion?)null, (Irq?)null, (PciFunctionCapability?)null, (DmaPool?)null)));
        Assert.That(moreRights.Reason, Is.EqualTo(DenialReason.RightsExceeded));
        Assert.That(moreRights.Message, Is.EqualTo("I/O ports of BAR 0: asked for read,write, the manifest of test declares read"));
        Assert.That(otherBar.Message, Is.EqualTo("the manifest of test does not declare MMIO of BAR 2"));
        Assert.That(new[] { otherBar, noIrq, noConfig, noDma }.Select(d => d.Reason), Is.All.EqualTo(DenialReason.NotPermitted));
        Assert.That((_owner.Denials, _owner.CapabilityCount, _authority.Audit.Denials), Is.EqualTo((5, 0, 5L)));
    }

    [Test]
    public void WhatTheDeviceLacksIsDeniedEvenWhenTheManifestAsks()
    {
        DeviceGrants grants = Grants(Manifest(Need(ResourceKind.Mmio, 0, ReadWrite), Need(ResourceKind.Mmio, 2, ReadWrite),
            Need(ResourceKind.IoPorts, 1, ReadWrite), Need(ResourceKind.Irq, -1, CapabilityRights.Wait)), withIrq: false);

        Assert.That(grants.RequestMmio(0, ReadWrite, out _).Message, Is.EqualTo("BAR 0 of 00:04.0 1234:5678 decodes I/O ports, not memory"));
        Assert.That(grants.RequestMmio(2, ReadWrite, out _).Message, Is.EqualTo("00:04.0 1234:5678 has no BAR 2"));
        Assert.That(grants.RequestIoPorts(1, ReadWrite, out _).Message, Is.EqualTo("BAR 1 of 00:04.0 1234:5678 decodes memory, not I/O ports"));
        Assert.That(grants.RequestIrq(0, CapabilityRights.Wait, out _).Message, Is.EqualTo("00:04.0 1234:5678 has no usable interrupt: no interrupt pin"));
        Assert.That(_owner.CapabilityCount, Is.Zero);
    }

    [Test]
    public void DmaPoolsStayWithinTheManifestQuotaAndAddressLimit()
    {
        const CapabilityRights Dma = CapabilityRights.Allocate | ReadWrite;
        DeviceGrants grants = Grants(Manifest(Need(ResourceKind.Dma, -1, Dma, 8192, 0x8000_0000)));

        Assert.That(grants.RequestDmaPool(4096, 0x8000_0000, Dma, out _), Is.Null);
        CapabilityDenial overQuota = grants.RequestDmaPool(8192, 0x8000_0000, Dma, out DmaPool second);
        CapabilityDenial overLimit = grants.RequestDmaPool(4096, CapabilityAuthority.Below4GiB, Dma, out _);

        Assert.That(second, Is.Null);
        Assert.That((overQuota.Reason, overQuota.Message), Is.EqualTo((DenialReason.QuotaExceeded, "8192 DMA bytes asked, 4096 held, the manifest of test declares 8192")));
        Assert.That(overLimit.Reason, Is.EqualTo(DenialReason.NotPermitted));
        _authority.RevokeAll(_owner);
        _authority.BeginNewGeneration(_owner);
        Assert.That(grants.RequestDmaPool(8192, 0x8000_0000, Dma, out _), Is.Null, "a restart starts with the whole quota");
    }
}
