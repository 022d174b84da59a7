using Zos.Drivers.VirtIO;

namespace Zos.Tests.Host.VirtIO;

// The legacy interface of a transitional virtio PCI device, simulated: 32
// feature bits and no FEATURES_OK, queues only in the legacy layout at the
// device's size, the device configuration moving with MSI-X.
public class TransportLegacyTests
{
    private const ulong BlkFlush = 1UL << 9;

    private static TransportSimulatedDevice NewDevice() => new(VirtioFeature.Version1 | VirtioFeature.EventIndex | BlkFlush, 0x20, 256, 128, 16);

    [Test]
    public void ADeviceWithoutVirtioCapabilitiesIsDrivenThroughItsIoBar()
    {
        var bench = TransportBench.Legacy(NewDevice());

        VirtioTransport transport = bench.Open();

        Assert.That(transport.Kind, Is.EqualTo("legacy"));
        Assert.That(bench.Requests, Is.EqualTo(new[] { "pci", "ports 0" }));
        Assert.That(transport.QueueCount, Is.EqualTo(3), "probed: the fourth queue reads size 0");
        Assert.That(transport.ConfigSize, Is.EqualTo(TransportLegacyRegisters.Ports - 0x14));
    }

    [Test]
    public void TheHandshakeSkipsFeaturesOkAndSeesOnlyTheLow32Bits()
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();

        Assert.That(transport.Reset(), Is.Null);
        transport.AddStatus(VirtioDeviceStatus.Acknowledge);
        transport.AddStatus(VirtioDeviceStatus.Driver);
        Assert.That(transport.ReadDeviceFeatures(), Is.EqualTo(VirtioFeature.EventIndex | BlkFlush));
        Assert.That(transport.AcceptFeatures(BlkFlush), Is.Null);
        Assert.That(transport.AcceptFeatures(VirtioFeature.Version1), Is.EqualTo("features 0x100000000 were not offered (the device offers 0x20000200)"));
        transport.AddStatus(VirtioDeviceStatus.DriverOk);

        Assert.That(bench.Device.DriverFeatures, Is.EqualTo(BlkFlush));
        Assert.That((VirtioDeviceStatus)bench.Device.Status, Is.EqualTo(VirtioDeviceStatus.Acknowledge | VirtioDeviceStatus.Driver | VirtioDeviceStatus.DriverOk));
    }

    [Test]
    public void AQueueInTheLegacyLayoutGetsItsPageNumberWhenEnabled()
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();
        const ulong descriptors = 0x5_0000;

        // 128 entries: descriptors 2048 bytes, available ring 262 bytes, used ring on the next page.
        Assert.That(transport.SetUpQueue(1, 128, descriptors, descriptors + 0x800, descriptors + 0x1000), Is.Null);
        Assert.That(bench.Device.Queues[1].LegacyPage, Is.Zero, "not live before EnableQueue");
        transport.EnableQueue(1);
        transport.Notify(1);

        Assert.That((bench.Device.Queues[1].LegacyPage, bench.Device.Queues[1].Enabled), Is.EqualTo((0x50u, true)));
        Assert.That(bench.Device.Notifications, Is.EqualTo(new[] { 1 }));
        Assert.That(transport.SetUpQueue(1, 128, descriptors, descriptors + 0x800, descriptors + 0x1000),
            Is.EqualTo("legacy virtio queue 1: already enabled (reset the device to set it up again)"));
    }

    [TestCase((ushort)64, 0x5_0000UL, 0x5_0400UL, 0x5_1000UL, "the legacy interface cannot change the queue size: the device has 128 entries, not 64")]
    [TestCase((ushort)128, 0x5_0800UL, 0x5_1000UL, 0x5_1800UL, "the descriptor table at 0x50800 does not start on a 4096-byte page")]
    [TestCase((ushort)128, 0UL, 0x800UL, 0x1000UL, "the descriptor table cannot be at address 0 (page 0 turns a legacy queue off)")]
    [TestCase((ushort)128, 0x5_0000UL, 0x5_0800UL, 0x5_2000UL,
        "the areas must follow the legacy layout: driver area at 0x50800 and device area at 0x51000, not 0x50800 and 0x52000")]
    [TestCase((ushort)128, 0x5_0000UL, 0x5_0400UL, 0x5_1000UL,
        "the areas must follow the legacy layout: driver area at 0x50800 and device area at 0x51000, not 0x50400 and 0x51000")]
    [TestCase((ushort)128, 0x1000_0000_0000UL, 0x1000_0000_0800UL, 0x1000_0000_1000UL,
        "page 0x100000000 cannot be written to the 32-bit queue address register")]
    public void AQueueOutsideTheLegacyLayoutIsRefused(ushort size, ulong descriptors, ulong driverArea, ulong deviceArea, string error)
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();

        Assert.That(transport.SetUpQueue(1, size, descriptors, driverArea, deviceArea), Is.EqualTo("legacy virtio queue 1: " + error));
        Assert.Throws<InvalidOperationException>(() => transport.EnableQueue(1));
    }

    [Test]
    public void TheDeviceConfigurationMovesWhenMsiXIsEnabled()
    {
        var bench = TransportBench.Legacy(NewDevice());
        bench.Device.Config[0] = 0xAB;
        VirtioTransport transport = bench.Open();

        Assert.That(transport.ReadConfig8(0), Is.EqualTo(0xAB));
        bench.MsiXEnabled = true;
        Assert.That(transport.ReadConfig8(0), Is.EqualTo(0xAB));
        Assert.That(transport.ConfigSize, Is.EqualTo(TransportLegacyRegisters.Ports - 0x18));

        Assert.That(bench.Ports.Accesses.Where(a => a.StartsWith("in8")), Is.EqualTo(new[]
        {
            $"in8 0x{TransportBench.LegacyPortBase + 0x14:x} 0xab", $"in8 0x{TransportBench.LegacyPortBase + 0x18:x} 0xab",
        }));
    }

    [Test]
    public void VectorRegistersAreUsedOnlyWhileMsiXIsEnabled()
    {
        var bench = TransportBench.Legacy(NewDevice());
        bench.Device.UnmappableVectors.Add(3);
        VirtioTransport transport = bench.Open();
        Assert.That(transport.QueueCount, Is.EqualTo(3));
        bench.Ports.Accesses.Clear();

        Assert.That(transport.AssignConfigVector(0), Is.EqualTo(VirtioTransport.NoVector));
        Assert.That(transport.AssignQueueVector(0, 1), Is.EqualTo(VirtioTransport.NoVector));
        Assert.That(bench.Ports.Accesses, Is.Empty, "without MSI-X those ports are device configuration");
        Assert.That(bench.Device.Config, Is.All.Zero);

        bench.MsiXEnabled = true;
        Assert.That(transport.AssignConfigVector(0), Is.EqualTo(0));
        Assert.That(transport.AssignQueueVector(2, 1), Is.EqualTo(1));
        Assert.That(transport.AssignQueueVector(1, 3), Is.EqualTo(VirtioTransport.NoVector));
        Assert.That((bench.Device.ConfigVector, bench.Device.Queues[2].Vector), Is.EqualTo(((ushort)0, (ushort)1)));
    }

    [Test]
    public void A64BitFieldIsReadUntilTwoReadsAgree()
    {
        var bench = TransportBench.Legacy(NewDevice());
        bench.Device.ChangeConfig64(0, 0x0000_0001_0000_0002);
        bool changed = false;
        bench.Device.OnConfigRead = offset =>
        {
            if (offset != 4 || changed) return;
            changed = true;
            bench.Device.ChangeConfig64(0, 0x0000_0003_0000_0004);
        };
        VirtioTransport transport = bench.Open();

        Assert.That(transport.ReadConfig64(0), Is.EqualTo(0x0000_0003_0000_0004));
        Assert.That(bench.Ports.Accesses.Count(a => a.StartsWith("in32")), Is.EqualTo(8), "a torn read and the check that disagrees with it, then two reads that agree");
    }

    [Test]
    public void ABarZeroShorterThanTheLegacyHeaderIsRefused()
    {
        var bench = new TransportBench(NewDevice(), 0x1001).WithLegacyBar(ports: 0x13);

        Assert.That(bench.OpenError(), Is.EqualTo("virtio 00:04.0 1af4:1001: BAR 0 has 19 ports, fewer than the 20 of the legacy virtio header"));
    }

    [Test]
    public void ABarZeroOfJustTheHeaderOpensWithNoDeviceConfiguration()
    {
        var bench = new TransportBench(NewDevice(), 0x1001).WithLegacyBar(ports: 0x14);

        VirtioTransport transport = bench.Open();

        Assert.That(transport.ConfigSize, Is.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.ReadConfig8(0));
    }

    // The legacy interface has no queue count: queues are probed until one reads size 0, but never past QEMU's 1024.
    [Test]
    public void QueuesAreProbedUpToQemusLimit()
    {
        var device = new TransportSimulatedDevice(0, 0x20, Enumerable.Repeat((ushort)8, 1030).ToArray());
        VirtioTransport transport = TransportBench.Legacy(device).Open();

        Assert.That(transport.QueueCount, Is.EqualTo(1024));
        Assert.That(transport.QueueMaxSize(1023), Is.EqualTo(8));
    }

    [Test]
    public void ADeviceWithoutQueuesIsProbedOnlyOnce()
    {
        var bench = TransportBench.Legacy(new TransportSimulatedDevice(0, 0x20));
        VirtioTransport transport = bench.Open();
        Assert.That(transport.QueueCount, Is.Zero);
        bench.Ports.Accesses.Clear();

        Assert.That(transport.QueueCount, Is.Zero);
        Assert.That(bench.Ports.Accesses, Is.Empty, "the count of 0 was remembered");
    }

    [Test]
    public void AResetForgetsTheQueuesSetUpButOtherStatusWritesKeepThem()
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();
        Assert.That(transport.SetUpQueue(1, 128, 0x5_0000, 0x5_0800, 0x5_1000), Is.Null);

        transport.AddStatus(VirtioDeviceStatus.Acknowledge);
        transport.EnableQueue(1);
        Assert.That(bench.Device.Queues[1].LegacyPage, Is.EqualTo(0x50));

        Assert.That(transport.SetUpQueue(0, 256, 0x6_0000, 0x6_1000, 0x6_2000), Is.Null);
        Assert.That(transport.Reset(), Is.Null);
        Assert.Throws<InvalidOperationException>(() => transport.EnableQueue(0), "the reset forgot queue 0's page");
        Assert.That(bench.Device.Queues[0].LegacyPage, Is.Zero);
    }

    [Test]
    public void EnablingAQueueSelectsItBeforeWritingItsPage()
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();
        Assert.That(transport.SetUpQueue(1, 128, 0x5_0000, 0x5_0800, 0x5_1000), Is.Null);
        Assert.That(transport.SetUpQueue(2, 16, 0x7_0000, 0x7_0100, 0x7_1000), Is.Null);   // leaves queue 2 selected

        transport.EnableQueue(1);

        Assert.That((bench.Device.Queues[1].LegacyPage, bench.Device.Queues[2].LegacyPage), Is.EqualTo((0x50u, 0u)));
    }

    // Page 0xFFFFFFFF, the last the 32-bit register holds (16 TiB less a page).
    [Test]
    public void TheHighestPageTheAddressRegisterHoldsIsTaken()
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();
        const ulong descriptors = 0xFFF_FFFF_F000;

        Assert.That(transport.SetUpQueue(1, 128, descriptors, descriptors + 0x800, descriptors + 0x1000), Is.Null);
        transport.EnableQueue(1);

        Assert.That(bench.Device.Queues[1].LegacyPage, Is.EqualTo(0xFFFF_FFFFu));
    }

    [Test]
    public void TheDriverFeaturesAndIsrAreReadThroughTheIoBar()
    {
        var bench = TransportBench.Legacy(NewDevice());
        VirtioTransport transport = bench.Open();
        Assert.That(transport.AcceptFeatures(VirtioFeature.EventIndex | BlkFlush), Is.Null);
        bench.Device.Isr = VirtioTransport.IsrConfigurationChange;

        Assert.That(transport.ReadDriverFeatures(), Is.EqualTo(VirtioFeature.EventIndex | BlkFlush));
        Assert.That(transport.ReadIsr(), Is.EqualTo(2));
        Assert.That(transport.ReadIsr(), Is.Zero, "reading it cleared it");
    }

    // The first capability is no MSI-X one: the enable bit must be read from the MSI-X capability, wherever it is in the list.
    [Test]
    public void MsiXIsFoundBehindOtherCapabilities()
    {
        var bench = new TransportBench(NewDevice(), 0x1001).WithLegacyBar().AddVirtio(0x40, TransportBench.PciCfg, 0, 0, 0, length: 20).AddMsiX();
        bench.Device.Config[0] = 0xAB;
        bench.MsiXEnabled = true;
        VirtioTransport transport = bench.Open();

        Assert.That(transport.ConfigSize, Is.EqualTo(TransportLegacyRegisters.Ports - 0x18));
        Assert.That(transport.ReadConfig8(0), Is.EqualTo(0xAB));
        Assert.That(transport.AssignConfigVector(1), Is.EqualTo(1));
    }

    // Power management (id 1) with PME from D3cold sets bit 15 of its PMC register, where an MSI-X capability has its enable bit.
    [Test]
    public void ADeviceWithoutMsiXKeepsItsConfigurationAfterTheHeaderWhateverItsOtherCapabilitiesHold()
    {
        var bench = new TransportBench(NewDevice(), 0x1001).WithLegacyBar().AddCapability(0x40, 0x01, 0xC803);
        bench.Device.Config[0] = 0xAB;
        VirtioTransport transport = bench.Open();
        bench.Ports.Accesses.Clear();

        Assert.That(transport.ConfigSize, Is.EqualTo(TransportLegacyRegisters.Ports - 0x14));
        Assert.That(transport.AssignConfigVector(1), Is.EqualTo(VirtioTransport.NoVector));
        Assert.That(transport.ReadConfig8(0), Is.EqualTo(0xAB));
        Assert.That(bench.Ports.Accesses, Is.EqualTo(new[] { $"in8 0x{TransportBench.LegacyPortBase + 0x14:x} 0xab" }));
    }
}
