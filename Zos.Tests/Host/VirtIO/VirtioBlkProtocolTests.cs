using Zos.Hal.Drivers.Block;
using Zos.Drivers.VirtIO;
using Zos.Drivers.VirtIOBlock;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

public class VirtioBlkProtocolTests
{
    private const VirtioBlkRequestType Read = VirtioBlkRequestType.In;
    private const VirtioBlkRequestType Write = VirtioBlkRequestType.Out;
    private const ulong Limited = VirtioBlkFeature.SizeMax | VirtioBlkFeature.SegMax;

    [Test]
    public void TheConfigurationIsReadFromTheFieldsTheFeaturesValidate()
    {
        var device = new SimulatedVirtioBlkDevice(new byte[4096], 2048, 0) { SizeMax = 8192, SegMax = 30, BlockSize = 4096 };
        ulong features = Limited | VirtioBlkFeature.BlockSize | VirtioBlkFeature.ReadOnly | VirtioBlkFeature.Flush;

        VirtioBlkConfig config = VirtioBlkConfig.Read(device, features);
        VirtioBlkConfig bare = VirtioBlkConfig.Read(device, 0);

        Assert.That((config.CapacitySectors, config.SizeMax, config.SegMax, config.BlockSize), Is.EqualTo((2048UL, 8192u, 30u, 4096u)));
        Assert.That(config.ReadOnly && config.Flush, Is.True);
        Assert.That((bare.CapacitySectors, bare.SizeMax, bare.SegMax, bare.BlockSize), Is.EqualTo((2048UL, 0u, 0u, 512u)),
            "fields of features not negotiated are not read");
        Assert.That(bare.ReadOnly || bare.Flush, Is.False);
    }

    [Test]
    public void RequestsTheDeviceWouldRefuseAreNamed()
    {
        var device = new SimulatedVirtioBlkDevice(new byte[4096], 1024, 0) { BlockSize = 4096 };
        VirtioBlkConfig readOnly = VirtioBlkConfig.Read(device, VirtioBlkFeature.ReadOnly | VirtioBlkFeature.BlockSize);

        Assert.That(readOnly.CheckRequest(Read, 8, 4096), Is.Null);
        Assert.That(readOnly.CheckRequest(Read, 1016, 4096), Is.Null, "the last block");
        Assert.That(readOnly.CheckRequest(Write, 0, 4096), Is.EqualTo("write of 8 sectors at sector 0: the device is read-only"));
        Assert.That(readOnly.CheckRequest(Read, 1024, 4096), Is.EqualTo("read of 8 sectors at sector 1024: beyond the end of the device (1024 sectors)"));
        Assert.That(readOnly.CheckRequest(Read, ulong.MaxValue - 7, 4096), Does.EndWith("beyond the end of the device (1024 sectors)"));
        Assert.That(readOnly.CheckRequest(Read, 4, 4096), Is.EqualTo("read of 8 sectors at sector 4: not whole 4096-byte blocks on the device's block boundaries"));
        Assert.That(readOnly.CheckRequest(Read, 8, 512), Is.EqualTo("read of 1 sector at sector 8: not whole 4096-byte blocks on the device's block boundaries"));
        Assert.That(readOnly.CheckRequest(Read, 8, 0), Is.EqualTo("read of 0 sectors at sector 8: no data"));
        Assert.That(readOnly.CheckRequest(VirtioBlkRequestType.Flush, 0, 0), Is.Null);
    }

    [Test]
    public void DataIsCutAtSizeMaxBetweenTheHeaderAndTheStatus()
    {
        var config = VirtioBlkConfig.Read(new SimulatedVirtioBlkDevice(new byte[4096], 64, 0) { SizeMax = 4096, SegMax = 8 }, Limited);
        var limits = new VirtioBlkLimits(config, maxChainLength: 256);
        var chain = new VirtqueueSegment[16];

        int count = VirtioBlkChain.Build(limits, Read, 0xA000, 0x10_0000, 10 * 1024, 0xB010, chain);

        Assert.That(count, Is.EqualTo(5));
        Assert.That(chain[0], Is.EqualTo(new VirtqueueSegment(0xA000, 16, false)));
        Assert.That(chain[1], Is.EqualTo(new VirtqueueSegment(0x10_0000, 4096, true)));
        Assert.That(chain[2], Is.EqualTo(new VirtqueueSegment(0x10_1000, 4096, true)));
        Assert.That(chain[3], Is.EqualTo(new VirtqueueSegment(0x10_2000, 2048, true)));
        Assert.That(chain[4], Is.EqualTo(new VirtqueueSegment(0xB010, 1, true)));
        Assert.That(VirtioBlkChain.Build(limits, Write, 0xA000, 0x10_0000, 512, 0xB010, chain), Is.EqualTo(3));
        Assert.That(chain[1].DeviceWritable, Is.False, "the device reads a write's data");
        Assert.That(VirtioBlkChain.Build(limits, VirtioBlkRequestType.Flush, 0xA000, 0, 0, 0xB010, chain), Is.EqualTo(2));
        Assert.That(VirtioBlkChain.Build(limits, VirtioBlkRequestType.GetId, 0xA000, 0xC000, 20, 0xB010, chain), Is.EqualTo(3));
        Assert.That(chain[1], Is.EqualTo(new VirtqueueSegment(0xC000, 20, true)));
    }

    // The most a request carries is the smaller of seg_max and the queue's chain
    // length (minus header and status), times size_max, in whole blocks.
    [TestCase(4096u, 8u, 256, 8, 32768)]
    [TestCase(4096u, 8u, 6, 4, 16384)]
    [TestCase(1000u, 3u, 256, 3, 2560)]
    [TestCase(0u, 0u, 16, 14, int.MaxValue - 511)]
    public void LimitsComeFromSegMaxSizeMaxAndTheQueue(uint sizeMax, uint segMax, int chainLength, int segments, int bytes)
    {
        ulong features = (sizeMax != 0 ? VirtioBlkFeature.SizeMax : 0) | (segMax != 0 ? VirtioBlkFeature.SegMax : 0);
        var device = new SimulatedVirtioBlkDevice(new byte[4096], 64, 0) { SizeMax = sizeMax, SegMax = segMax };

        var limits = new VirtioBlkLimits(VirtioBlkConfig.Read(device, features), chainLength);

        Assert.That(limits.MaxDataSegments, Is.EqualTo(segments));
        Assert.That(limits.MaxRequestBytes, Is.EqualTo(bytes));
    }

    [Test]
    public void ARequestBeyondTheLimitsIsRefusedWithTheNumbers()
    {
        var config = VirtioBlkConfig.Read(new SimulatedVirtioBlkDevice(new byte[4096], 64, 0) { SizeMax = 4096, SegMax = 4 }, Limited);
        var limits = new VirtioBlkLimits(config, 256);

        var thrown = Assert.Throws<ArgumentException>(
            () => VirtioBlkChain.Build(limits, Read, 0, 0x10_0000, 20480, 0, new VirtqueueSegment[16]))!;

        Assert.That(thrown.Message, Is.EqualTo("a 20480-byte request needs 5 segments of at most 4096 bytes; the device takes 16384 bytes in 4"));
        Assert.Throws<ArgumentException>(() => VirtioBlkChain.Build(limits, Read, 0, 0, 100, 0, new VirtqueueSegment[16]));
        Assert.Throws<ArgumentException>(() => VirtioBlkChain.Build(limits, Read, 0, 0, 16384, 0, new VirtqueueSegment[5]));
        Assert.Throws<ArgumentException>(() => VirtioBlkChain.Build(limits, VirtioBlkRequestType.GetId, 0, 0, 512, 0, new VirtqueueSegment[5]));
    }

    [Test]
    public void TheDeviceReceivesRequestsSplitToItsLimits()
    {
        var rig = new VirtioBlkRig(queueSize: 64, configure: device => { device.SizeMax = 4096; device.SegMax = 8; });
        rig.FillData(0, 32768, seed: 3);

        Assert.That(rig.Limits.MaxRequestBytes, Is.EqualTo(32768));
        Assert.That(rig.RoundTrip(Write, 64, 0, 32768).Result.Succeeded, Is.True);
        Assert.That(rig.RoundTrip(Read, 64, 65536, 32768).Result.Succeeded, Is.True);
        Assert.That(rig.RoundTrip(Read, 0, 0, 6144).Result.Succeeded, Is.True);

        Assert.That(rig.Device.DataSegmentsPerRequest, Is.EqualTo(new[] { 8, 8, 2 }));
        Assert.That(rig.ReadData(65536, 32768), Is.EqualTo(VirtioBlkRig.Pattern(32768, 3)));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty);
    }

    // A driver that believed bigger limits than the device gave: the device
    // refuses the request (IOERR) and names the limit it broke.
    [TestCase(8192u, 16u, 16384, "head 0: 2 data segments, seg_max is 1")]
    [TestCase(8192u, 16u, 8192, "head 0: a data segment of 8192 bytes, size_max is 4096")]
    public void TheDeviceRefusesDataBeyondItsSizeMaxAndSegMax(uint believedSizeMax, uint believedSegMax, int bytes, string problem)
    {
        var rig = new VirtioBlkRig(configure: device => { device.SizeMax = 4096; device.SegMax = 1; });
        var believed = VirtioBlkConfig.Read(new SimulatedVirtioBlkDevice(new byte[4096], 64, 0) { SizeMax = believedSizeMax, SegMax = believedSegMax }, Limited);
        var chain = new VirtqueueSegment[8];
        rig.Slots.Prepare(0, Read, 0);
        int segments = VirtioBlkChain.Build(new VirtioBlkLimits(believed, 8), Read, rig.Slots.HeaderAddress(0), rig.Data.DeviceAddress, bytes,
            rig.Slots.StatusAddress(0), chain);
        Assert.That(rig.Queue.TryAdd(chain.AsSpan(0, segments), out _), Is.True);
        rig.Kick();

        rig.Device.ProcessAll();

        Assert.That(rig.Device.ProtocolErrors, Is.EqualTo(new[] { problem }));
        Assert.That(rig.Queue.TryTakeUsed(out _), Is.True);
        Assert.That(rig.Slots.ReadStatus(0), Is.EqualTo((byte)VirtioBlkStatus.IoError));
    }

    [Test]
    public void FlushReachesTheDeviceWhenNegotiatedAndIsUnsupportedOtherwise()
    {
        var rig = new VirtioBlkRig();
        var flushed = rig.RoundTrip(VirtioBlkRequestType.Flush, 0, 0, 0);
        var without = new VirtioBlkRig(features: Limited).RoundTrip(VirtioBlkRequestType.Flush, 0, 0, 0);

        Assert.That(flushed.Result.Succeeded, Is.True);
        Assert.That(rig.Device.Flushes, Is.EqualTo(1));
        Assert.That(without.Result.Status, Is.EqualTo(VirtioBlkStatus.Unsupported));
        Assert.That(without.Result.ErrorMessage, Is.EqualTo("flush failed: the device does not support it (VIRTIO_BLK_S_UNSUPP)"));
    }

    [Test]
    public void GetIdReturnsTheSerial()
    {
        var rig = new VirtioBlkRig(configure: device => device.Serial = "QM00042");

        var completed = rig.RoundTrip(VirtioBlkRequestType.GetId, 0, 0, VirtioBlkProtocol.IdBytes);

        Assert.That(completed.Result.Succeeded, Is.True);
        Assert.That(BlockDeviceId.Decode(rig.ReadData(0, VirtioBlkProtocol.IdBytes)), Is.EqualTo("QM00042"));
        Assert.That(BlockDeviceId.Decode("ABCDEFGHIJKLMNOPQRSTUVWXYZ"u8), Is.EqualTo("ABCDEFGHIJKLMNOPQRST"), "20 bytes at most, no NUL then");
    }

    [Test]
    public void AnIoErrorIsReportedForTheRequestThatFailed()
    {
        var rig = new VirtioBlkRig(configure: device => device.FailingSectors.Add(21));

        var failed = rig.RoundTrip(Read, 16, 0, 4096);
        var fine = rig.RoundTrip(Read, 24, 0, 4096);

        Assert.That(failed.Result.Status, Is.EqualTo(VirtioBlkStatus.IoError));
        Assert.That(failed.Result.ErrorMessage, Is.EqualTo("read of 8 sectors at sector 16 failed: the device reported an I/O error (VIRTIO_BLK_S_IOERR)"));
        Assert.That(fine.Result.Succeeded, Is.True);
        Assert.That(fine.Result.ErrorMessage, Is.Null);
    }

    [Test]
    public void AReadOnlyDeviceFailsWritesAndKeepsItsData()
    {
        var rig = new VirtioBlkRig(features: Limited | VirtioBlkFeature.ReadOnly);
        rig.FillData(0, 512, seed: 4);

        var write = rig.RoundTrip(Write, 0, 0, 512);

        Assert.That(rig.Config.CheckRequest(Write, 0, 512), Is.EqualTo("write of 1 sector at sector 0: the device is read-only"),
            "what a driver says before sending it");
        Assert.That(write.Result.Status, Is.EqualTo(VirtioBlkStatus.IoError), "what the device says if it is sent anyway");
        Assert.That(rig.Device.Disk.Take(512), Is.All.EqualTo(0));
        Assert.That(rig.RoundTrip(Read, 0, 0, 512).Result.Succeeded, Is.True);
    }

    [Test]
    public void TheHeaderAndStatusSlotHoldTheWireFormat()
    {
        var rig = new VirtioBlkRig();

        rig.Slots.Prepare(3, Write, 0x0102_0304_0506_0708);

        var bytes = new byte[17];
        rig.Ram.AsSpan((int)(rig.Slots.HeaderAddress(3) - SimulatedDmaMemory.DeviceOffset - SimulatedDmaMemory.RamBase), 17).CopyTo(bytes);
        Assert.That(bytes, Is.EqualTo(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0xFF }));
        Assert.That(rig.Slots.StatusAddress(3), Is.EqualTo(rig.Slots.HeaderAddress(3) + 16));
        Assert.That(rig.Slots.ReadStatus(3), Is.EqualTo(VirtioBlkRequestSlots.StatusNotWritten));
        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Slots.Prepare(16, Read, 0));
    }
}
