using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// The modern virtio PCI transport against a simulated device behind its
// capabilities: windows per structure, the status and feature handshake,
// queue setup and notification addresses, vectors, ISR, configuration reads.
public class TransportModernTests
{
    private const ulong BlkFlush = 1UL << 9, BlkReadOnly = 1UL << 5;
    private const ulong Offered = VirtioFeature.Version1 | VirtioFeature.EventIndex | BlkFlush | BlkReadOnly;

    private static TransportSimulatedDevice NewDevice() => new(Offered, 0x40, 256, 64);

    [Test]
    public void OpensTheStructuresAsWindowsOfTheirBarWithOnlyTheRightsEachNeeds()
    {
        var bench = TransportBench.Modern(NewDevice(), deviceId: 0x1001).WithLegacyBar();

        VirtioTransport transport = bench.Open();

        Assert.That(transport.Kind, Is.EqualTo("modern"));
        Assert.That(bench.Requests, Is.EqualTo(new[] { "pci", "mmio 4" }), "a transitional device with virtio capabilities is driven through them");
        var windows = Enumerable.Range(0, bench.Driver.CapabilityCount).Select(bench.Driver.CapabilityAt).OfType<MmioRegion>()
            .Where(region => region.Size < TransportBench.ModernBarSize)
            .Select(region => (region.PhysicalBase - TransportBench.ModernBarBase, region.Size, region.Rights)).ToArray();
        Assert.That(windows, Is.EquivalentTo(new[]
        {
            (TransportModernRegisters.CommonAt, TransportModernRegisters.StructureBytes, CapabilityRights.ReadWrite),
            (TransportModernRegisters.NotifyAt, TransportModernRegisters.StructureBytes, CapabilityRights.Write),
            (TransportModernRegisters.IsrAt, TransportModernRegisters.StructureBytes, CapabilityRights.Read),
            (TransportModernRegisters.DeviceAt, TransportModernRegisters.StructureBytes, CapabilityRights.ReadWrite),
        }));
        Assert.That(transport.QueueCount, Is.EqualTo(2));
        Assert.That(transport.ConfigSize, Is.EqualTo(0x1000));
    }

    [Test]
    public void TheStatusHandshakeEndsWithTheDeviceLiveAndTheFeaturesAccepted()
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();
        bench.Device.Status = 1 | 128;   // ACKNOWLEDGE | FAILED

        Assert.That(transport.Reset(), Is.Null);
        Assert.That((bench.Device.Resets, bench.Device.Status), Is.EqualTo((1, (byte)0)));
        transport.AddStatus(VirtioDeviceStatus.Acknowledge);
        transport.AddStatus(VirtioDeviceStatus.Driver);
        Assert.That(transport.ReadDeviceFeatures(), Is.EqualTo(Offered));
        Assert.That(transport.AcceptFeatures(VirtioFeature.Version1 | BlkFlush), Is.Null);
        transport.AddStatus(VirtioDeviceStatus.DriverOk);

        Assert.That(bench.Device.DriverFeatures, Is.EqualTo(VirtioFeature.Version1 | BlkFlush));
        Assert.That(transport.ReadDriverFeatures(), Is.EqualTo(VirtioFeature.Version1 | BlkFlush));
        Assert.That(transport.ReadStatus(), Is.EqualTo(VirtioDeviceStatus.Acknowledge | VirtioDeviceStatus.Driver
            | VirtioDeviceStatus.FeaturesOk | VirtioDeviceStatus.DriverOk));
    }

    [Test]
    public void AFeatureSetTheDeviceRefusesIsAnError()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.AcceptsFeatures = features => (features & BlkReadOnly) == 0;
        VirtioTransport transport = bench.Open();
        transport.AddStatus(VirtioDeviceStatus.Acknowledge | VirtioDeviceStatus.Driver);

        string? error = transport.AcceptFeatures(VirtioFeature.Version1 | BlkReadOnly);

        Assert.That(error, Is.EqualTo("the device refused features 0x100000020 (FEATURES_OK did not stay set)"));
        Assert.That(bench.Device.Status & TransportSimulatedDevice.FeaturesOk, Is.Zero);
        Assert.That(transport.AcceptFeatures(VirtioFeature.Version1), Is.Null, "a set it accepts still goes through");
    }

    [Test]
    public void FeaturesNotOfferedOrWithoutVersion1AreRefusedBeforeReachingTheDevice()
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();

        Assert.That(transport.AcceptFeatures(VirtioFeature.Version1 | VirtioFeature.IndirectDescriptors),
            Is.EqualTo("features 0x10000000 were not offered (the device offers 0x120000220)"));
        Assert.That(transport.AcceptFeatures(BlkFlush), Is.EqualTo("the device offers VIRTIO_F_VERSION_1, which a driver must accept"));
        Assert.That(bench.Device.DriverFeatures, Is.Zero);
        Assert.That(bench.Device.Status, Is.Zero);
    }

    [Test]
    public void AQueueIsSetUpWith64BitAddressesAndStartsOnlyWhenEnabled()
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();

        Assert.That((transport.QueueMaxSize(0), transport.QueueMaxSize(1)), Is.EqualTo((256, 64)));
        Assert.That(transport.SetUpQueue(0, 128, 0x1_2345_6000, 0x1_2345_6800, 0x1_2345_7000), Is.Null);
        TransportSimulatedDevice.Queue queue = bench.Device.Queues[0];
        Assert.That((queue.Size, queue.Descriptors, queue.DriverArea, queue.DeviceArea, queue.Enabled),
            Is.EqualTo(((ushort)128, 0x1_2345_6000UL, 0x1_2345_6800UL, 0x1_2345_7000UL, false)));

        transport.EnableQueue(0);

        Assert.That(queue.Enabled, Is.True);
        Assert.That(bench.Device.Queues[1].Enabled, Is.False);
        Assert.That(transport.SetUpQueue(0, 128, 0x1000, 0x2000, 0x3000), Is.EqualTo("queue 0 is already enabled (reset the device to set it up again)"));
    }

    [Test]
    public void NotificationsGoToTheQueuesNotifyOffsetTimesTheMultiplier()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.Queues[1].NotifyOffset = 5;
        VirtioTransport transport = bench.Open();
        Assert.That(transport.SetUpQueue(0, 256, 0x10000, 0x11000, 0x12000), Is.Null);
        Assert.That(transport.SetUpQueue(1, 64, 0x20000, 0x20400, 0x21000), Is.Null);
        bench.Memory.Accesses.Clear();

        transport.Notify(1);
        transport.Notify(0);

        Assert.That(bench.Device.Notifications, Is.EqualTo(new[] { 1, 0 }));
        ulong notify = TransportBench.ModernBarBase + TransportModernRegisters.NotifyAt;
        Assert.That(bench.Memory.Accesses.Select(a => a.ToString()), Is.EqualTo(new[] { $"mmio16 write 0x{notify + 20:x} 0x1", $"mmio16 write 0x{notify:x} 0x0" }));
    }

    [Test]
    public void AQueueNotifiedOutsideTheNotificationStructureIsAnError()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.Queues[1].NotifyOffset = (ushort)(TransportModernRegisters.StructureBytes / TransportModernRegisters.NotifyMultiplier);
        VirtioTransport transport = bench.Open();

        Assert.That(transport.SetUpQueue(1, 64, 0x20000, 0x20400, 0x21000),
            Is.EqualTo("queue 1 would be notified at 0x1000, outside the notification structure (0x1000 bytes)"));
        Assert.That(bench.Device.Queues[1].Descriptors, Is.Zero, "nothing was written");
    }

    [TestCase((ushort)96, 0x10000UL, 0x10800UL, 0x11000UL, "queue 0 cannot have 96 entries: a power of two up to 256")]
    [TestCase((ushort)512, 0x10000UL, 0x10800UL, 0x11000UL, "queue 0 cannot have 512 entries: a power of two up to 256")]
    [TestCase((ushort)0, 0x10000UL, 0x10800UL, 0x11000UL, "queue 0 cannot have 0 entries: a power of two up to 256")]
    [TestCase((ushort)256, 0x10008UL, 0x10800UL, 0x11000UL, "queue 0: the descriptor table at 0x10008 is not 16-byte aligned")]
    [TestCase((ushort)256, 0x10000UL, 0x10801UL, 0x11000UL, "queue 0: the driver area at 0x10801 is not 2-byte aligned")]
    [TestCase((ushort)256, 0x10000UL, 0x10800UL, 0x11002UL, "queue 0: the device area at 0x11002 is not 4-byte aligned")]
    public void AQueueTheSplitLayoutCannotHaveIsRefused(ushort size, ulong descriptors, ulong driverArea, ulong deviceArea, string error)
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();

        Assert.That(transport.SetUpQueue(0, size, descriptors, driverArea, deviceArea), Is.EqualTo(error));
        Assert.That(bench.Device.Queues[0].Size, Is.EqualTo(256));
    }

    [Test]
    public void CallsACorrectDriverNeverMakesThrow()
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();

        Assert.Throws<ArgumentOutOfRangeException>(() => transport.QueueMaxSize(2));
        Assert.Throws<InvalidOperationException>(() => transport.Notify(0));
        Assert.That(transport.SetUpQueue(0, 256, 0x10000, 0x11000, 0x12000), Is.Null);
        transport.Notify(0);
        Assert.That(transport.Reset(), Is.Null);
        Assert.Throws<InvalidOperationException>(() => transport.Notify(0), "a reset forgets the queues");
        Assert.Throws<InvalidOperationException>(() => transport.EnableQueue(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.ReadConfig32(0x1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.ReadConfig16(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.ReadConfig8(-1));
    }

    [Test]
    public void VectorsAreReadBackAndAnUnmappableOneReadsNoVector()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.UnmappableVectors.Add(7);
        VirtioTransport transport = bench.Open();

        Assert.That(transport.AssignConfigVector(0), Is.EqualTo(0));
        Assert.That(transport.AssignQueueVector(1, 1), Is.EqualTo(1));
        Assert.That(transport.AssignQueueVector(0, 7), Is.EqualTo(VirtioTransport.NoVector));
        Assert.That((bench.Device.ConfigVector, bench.Device.Queues[0].Vector, bench.Device.Queues[1].Vector),
            Is.EqualTo(((ushort)0, VirtioTransport.NoVector, (ushort)1)));
    }

    [Test]
    public void ReadingTheIsrClearsIt()
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();
        bench.Device.Isr = VirtioTransport.IsrQueue | VirtioTransport.IsrConfigurationChange;

        Assert.That(transport.ReadIsr(), Is.EqualTo(3));
        Assert.That(transport.ReadIsr(), Is.Zero);
    }

    [Test]
    public void ConfigurationFieldsAreReadAndWrittenAtTheirWidth()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.ChangeConfig64(0, 0x0000_0001_0000_0800);   // virtio-blk capacity: 2 Gi sectors + 2048
        bench.Device.Config[0x14] = 9;
        VirtioTransport transport = bench.Open();

        Assert.That(transport.ReadConfig64(0), Is.EqualTo(0x0000_0001_0000_0800));
        Assert.That(transport.ReadConfig8(0x14), Is.EqualTo(9));
        transport.WriteConfig8(0x20, 1);
        transport.WriteConfig16(0x22, 0xBEEF);
        transport.WriteConfig32(0x24, 0x1234_5678);
        Assert.That((transport.ReadConfig8(0x20), transport.ReadConfig16(0x22), transport.ReadConfig32(0x24)),
            Is.EqualTo(((byte)1, (ushort)0xBEEF, 0x1234_5678u)));
    }

    [Test]
    public void A64BitFieldChangedBetweenItsHalvesIsReadAgain()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.ChangeConfig64(8, 0x0000_0001_0000_0002);
        bool changed = false;
        bench.Device.OnConfigRead = offset =>
        {
            if (offset != 12 || changed) return;
            changed = true;
            bench.Device.ChangeConfig64(8, 0x0000_0003_0000_0004);
        };
        VirtioTransport transport = bench.Open();

        // The first attempt reads the old low half and the new high half (0x3_0000_0002), but the generation moved: it is read again.
        ulong value = transport.ReadConfig64(8);

        Assert.That(value, Is.EqualTo(0x0000_0003_0000_0004));
        Assert.That(bench.Memory.Accesses.Select(a => a.ToString()).Count(a => a.StartsWith("mmio8 read") && a.Contains($"0x{TransportBench.ModernBarBase + 0x15:x} ")), Is.EqualTo(4));
    }

    [Test]
    public void AConfigurationThatNeverSettlesIsAnError()
    {
        var bench = TransportBench.Modern(NewDevice());
        bench.Device.OnConfigRead = offset => bench.Device.ChangeConfig64(0, (ulong)offset + 1);
        VirtioTransport transport = bench.Open();

        bench.Memory.Accesses.Clear();

        var thrown = Assert.Throws<InvalidOperationException>(() => transport.ReadConfig64(0))!;
        Assert.That(thrown.Message, Is.EqualTo("the modern virtio device's configuration at offset 0 kept changing during 100 reads"));
        Assert.That(bench.Memory.Accesses.Count(a => a.ToString().StartsWith($"mmio8 read 0x{TransportBench.ModernBarBase + 0x15:x} ")), Is.EqualTo(200),
            "100 attempts, the generation read before and after each");
    }

    [Test]
    public void ADeviceWithoutDeviceConfigurationHasNoneToRead()
    {
        var bench = TransportBench.Modern(NewDevice()).ReplaceVirtio(0x60, TransportBench.PciCfg, 0, 0, 0, length: 20);

        VirtioTransport transport = bench.Open();

        Assert.That(transport.ConfigSize, Is.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.ReadConfig8(0));
        Assert.That(bench.Requests, Is.EqualTo(new[] { "pci", "mmio 4" }));
    }

    [Test]
    public void AQueueOfSizeZeroIsUnavailable()
    {
        var bench = TransportBench.Modern(new TransportSimulatedDevice(Offered, 0x40, 256, 0));
        VirtioTransport transport = bench.Open();

        Assert.That(transport.QueueMaxSize(1), Is.Zero);
        Assert.That(transport.SetUpQueue(1, 64, 0x20000, 0x20400, 0x21000), Is.EqualTo("queue 1 is unavailable (size 0)"));
        Assert.That(bench.Device.Queues[1].Descriptors, Is.Zero);
    }

    // A notification structure of 0xFFE bytes: the 16-bit write at 0xFFC is its last.
    [Test]
    public void AQueueNotifiedAtTheLastTwoBytesOfTheNotificationStructureIsTaken()
    {
        var bench = TransportBench.Modern(NewDevice()).ReplaceVirtio(0x70, TransportBench.NotifyCfg, TransportBench.ModernBar,
            TransportModernRegisters.NotifyAt, 0xFFE, TransportModernRegisters.NotifyMultiplier);
        bench.Device.Queues[1].NotifyOffset = 0xFFC / (ushort)TransportModernRegisters.NotifyMultiplier;
        VirtioTransport transport = bench.Open();

        Assert.That(transport.SetUpQueue(1, 64, 0x20000, 0x20400, 0x21000), Is.Null);
        transport.Notify(1);

        Assert.That(bench.Device.Notifications, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void EnablingAQueueSelectsItFirst()
    {
        var bench = TransportBench.Modern(NewDevice());
        VirtioTransport transport = bench.Open();
        Assert.That(transport.SetUpQueue(0, 256, 0x10000, 0x11000, 0x12000), Is.Null);
        Assert.That(transport.SetUpQueue(1, 64, 0x20000, 0x20400, 0x21000), Is.Null);   // leaves queue 1 selected

        transport.EnableQueue(0);

        Assert.That((bench.Device.Queues[0].Enabled, bench.Device.Queues[1].Enabled), Is.EqualTo((true, false)));
    }
}
