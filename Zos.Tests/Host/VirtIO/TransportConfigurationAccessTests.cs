using System.Buffers.Binary;
using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// Device configuration and queue indexes as VirtioTransport checks them for
// both PCI interfaces: every field up to the last byte is reachable, anything
// past it or misaligned is a driver bug that throws before touching the
// device, and the exception says which access it was.
public class TransportConfigurationAccessTests
{
    // Modern: the device configuration window is 0x1000 bytes.
    private const int ModernConfigSize = 0x1000;
    // Legacy without MSI-X: the 0x40-port BAR less the 0x14-port header.
    private const int LegacyConfigSize = 0x40 - 0x14;

    private static TransportSimulatedDevice NewDevice() => new(VirtioFeature.Version1, ModernConfigSize, 256, 64);

    private static (TransportBench bench, VirtioTransport transport, int size) Open(string kind)
    {
        TransportBench bench = kind == "modern" ? TransportBench.Modern(NewDevice()) : TransportBench.Legacy(NewDevice());
        for (int i = 0; i < bench.Device.Config.Length; i++) bench.Device.Config[i] = (byte)(i * 3 + 1);
        return (bench, bench.Open(), kind == "modern" ? ModernConfigSize : LegacyConfigSize);
    }

    private static ulong ConfigBytes(TransportBench bench, int offset, int width)
    {
        ulong value = 0;
        for (int i = width - 1; i >= 0; i--) value = value << 8 | bench.Device.Config[offset + i];
        return value;
    }

    [TestCase("modern")]
    [TestCase("legacy")]
    public void TheLastFieldOfEachWidthIsRead(string kind)
    {
        var (bench, transport, size) = Open(kind);

        Assert.That(transport.ConfigSize, Is.EqualTo(size));
        Assert.That(transport.ReadConfig8(size - 1), Is.EqualTo(ConfigBytes(bench, size - 1, 1)));
        Assert.That(transport.ReadConfig16(size - 2), Is.EqualTo(ConfigBytes(bench, size - 2, 2)));
        Assert.That(transport.ReadConfig32(size - 4), Is.EqualTo(ConfigBytes(bench, size - 4, 4)));
        Assert.That(transport.ReadConfig64(size - 8), Is.EqualTo(ConfigBytes(bench, size - 8, 8)));
    }

    // Each field at its own offset: an access must land at the configuration's start plus the offset.
    [TestCase("modern")]
    [TestCase("legacy")]
    public void FieldsInsideTheConfigurationAreReadAtTheirOffset(string kind)
    {
        var (bench, transport, _) = Open(kind);

        Assert.That(transport.ReadConfig8(5), Is.EqualTo(ConfigBytes(bench, 5, 1)));
        Assert.That(transport.ReadConfig16(6), Is.EqualTo(ConfigBytes(bench, 6, 2)));
        Assert.That(transport.ReadConfig32(8), Is.EqualTo(ConfigBytes(bench, 8, 4)));
        Assert.That(transport.ReadConfig64(12), Is.EqualTo(ConfigBytes(bench, 12, 8)), "64-bit fields need only 4-byte alignment (two 32-bit reads)");
    }

    [TestCase("modern", false)]
    [TestCase("legacy", false)]
    [TestCase("legacy", true)]
    public void FieldsAreWrittenAtTheirOffset(string kind, bool msiX)
    {
        var (bench, transport, _) = Open(kind);
        bench.MsiXEnabled = msiX;
        Array.Clear(bench.Device.Config);

        transport.WriteConfig8(5, 0xA5);
        transport.WriteConfig16(6, 0xBEEF);
        transport.WriteConfig32(8, 0x1234_5678);

        var expected = new byte[bench.Device.Config.Length];
        expected[5] = 0xA5;
        BinaryPrimitives.WriteUInt16LittleEndian(expected.AsSpan(6), 0xBEEF);
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(8), 0x1234_5678);
        Assert.That(bench.Device.Config, Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> AccessesOutsideTheConfiguration()
    {
        foreach (string kind in new[] { "modern", "legacy" })
        {
            int size = kind == "modern" ? ModernConfigSize : LegacyConfigSize;
            string of = " of " + size + " bytes of " + kind + " virtio device configuration";
            yield return new TestCaseData(kind, 8, size, "a 8-bit access at offset " + size + of);
            yield return new TestCaseData(kind, 16, size, "a 16-bit access at offset " + size + of);
            yield return new TestCaseData(kind, 32, size, "a 32-bit access at offset " + size + of);
            yield return new TestCaseData(kind, 64, size - 4, "a 64-bit access at offset " + (size - 4) + of);
            yield return new TestCaseData(kind, 8, -1, "a 8-bit access at offset -1" + of);
            yield return new TestCaseData(kind, 16, 3, "a 16-bit access at offset 3" + of);
            yield return new TestCaseData(kind, 32, 6, "a 32-bit access at offset 6" + of);
            yield return new TestCaseData(kind, 64, 2, "a 64-bit access at offset 2" + of);
        }
    }

    [TestCaseSource(nameof(AccessesOutsideTheConfiguration))]
    public void AReadPastTheEndOrMisalignedThrowsWithoutReachingTheDevice(string kind, int bits, int offset, string message)
    {
        var (bench, transport, _) = Open(kind);
        int configReads = 0;
        bench.Device.OnConfigRead = _ => configReads++;

        Action read = bits switch
        {
            8 => () => transport.ReadConfig8(offset),
            16 => () => transport.ReadConfig16(offset),
            32 => () => transport.ReadConfig32(offset),
            _ => () => transport.ReadConfig64(offset),
        };
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => read())!;

        Assert.That(thrown.ParamName, Is.EqualTo("offset"));
        Assert.That(thrown.Message, Does.StartWith(message));
        Assert.That(configReads, Is.Zero);
    }

    [TestCase("modern")]
    [TestCase("legacy")]
    public void AWritePastTheEndOrMisalignedThrowsWithoutReachingTheDevice(string kind)
    {
        var (bench, transport, size) = Open(kind);
        byte[] before = bench.Device.Config.ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteConfig8(size, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteConfig16(size, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteConfig32(size, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteConfig16(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteConfig32(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteConfig8(-1, 1));

        Assert.That(bench.Device.Config, Is.EqualTo(before));
    }

    [TestCase("modern")]
    [TestCase("legacy")]
    public void AQueueIndexOutsideTheDeviceThrowsAndSaysHowManyQueuesThereAre(string kind)
    {
        var (_, transport, _) = Open(kind);
        string message = "queue 2 of a " + kind + " virtio device with 2 queues";

        foreach (Action call in new Action[]
                 {
                     () => transport.QueueMaxSize(2), () => transport.SetUpQueue(2, 64, 0x10000, 0x10400, 0x11000), () => transport.EnableQueue(2),
                     () => transport.Notify(2), () => transport.AssignQueueVector(2, 0),
                 })
        {
            var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => call())!;
            Assert.That(thrown.ParamName, Is.EqualTo("queue"));
            Assert.That(thrown.Message, Does.StartWith(message));
        }
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => transport.QueueMaxSize(-1))!.Message, Does.StartWith("queue -1 of a "));
        Assert.That(transport.QueueMaxSize(1), Is.EqualTo(64), "the last queue is a queue");
    }

    [TestCase("modern")]
    [TestCase("legacy")]
    public void AQueueNotSetUpCannotBeEnabledOrNotified(string kind)
    {
        var (bench, transport, _) = Open(kind);

        var enable = Assert.Throws<InvalidOperationException>(() => transport.EnableQueue(1))!;
        var notify = Assert.Throws<InvalidOperationException>(() => transport.Notify(1))!;

        Assert.That(enable.Message, Is.EqualTo("queue 1 of the " + kind + " virtio device is not set up"));
        Assert.That(notify.Message, Is.EqualTo(enable.Message));
        Assert.That(bench.Device.Notifications, Is.Empty);
        Assert.That(bench.Device.Queues[1].Enabled, Is.False);
    }

    // The fault injection `inject <dev> port`: one byte past what the driver holds is a capability violation, not a device access.
    [TestCase("modern")]
    [TestCase("legacy")]
    public void ReadingPastTheRegistersIsACapabilityViolation(string kind)
    {
        var (bench, transport, _) = Open(kind);
        var handler = (Capabilities.RecordingViolationHandler)bench.Authority.ViolationHandler;
        int accesses = bench.Memory.Accesses.Count + bench.Ports.Accesses.Count;

        var thrown = Assert.Throws<CapabilityViolationException>(() => transport.ReadPastRegisters())!;

        Assert.That(thrown.Violation.Violation, Is.EqualTo(ViolationReason.OutOfRange));
        Assert.That(handler.Violations, Has.Count.EqualTo(1));
        Assert.That(bench.Memory.Accesses.Count + bench.Ports.Accesses.Count, Is.EqualTo(accesses));
    }
}
