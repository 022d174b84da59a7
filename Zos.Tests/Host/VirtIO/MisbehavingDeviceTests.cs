using Zos.Drivers.VirtIO;
using Zos.Drivers.VirtIOBlock;

namespace Zos.Tests.Host.VirtIO;

// A device that breaks the protocol is caught with a message that says what
// it did, and the queue is left exactly as it was (the driver's domain then
// crashes; nothing it tracks was half-updated).
public class MisbehavingDeviceTests
{
    private const VirtioBlkRequestType Read = VirtioBlkRequestType.In;

    [Test]
    public void AUsedIndexBeyondWhatIsInFlight()
    {
        var rig = new VirtioBlkRig(queueSize: 16);
        for (int i = 0; i < 5; i++) rig.RoundTrip(Read, 0, 0, 512);
        var heads = new List<ushort>();
        for (int slot = 0; slot < 4; slot++) heads.Add(rig.Submit(slot, Read, (ulong)slot, slot * 512, 512));
        rig.Kick();
        rig.Device.Fetch();

        rig.Device.Misbehaviour = DeviceMisbehaviour.UsedIndexJump;
        rig.Device.Complete(heads[0]);

        AssertProtocolError(rig, "used index jumped from 5 to 305 with 4 in flight");
        Assert.That(rig.Queue.InFlight, Is.EqualTo(4));
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(4));
    }

    [TestCase(77)]
    [TestCase(3)]   // within the queue, but no chain of that id is in flight
    public void AnIdThatIsNoRequestInFlight(int id)
    {
        var rig = OneReadCompletedBy(DeviceMisbehaviour.UnknownId, queueSize: 128, device => device.UnknownId = (uint)id);

        AssertProtocolError(rig, $"used id {id} is not a request in flight");
        Assert.That(rig.Queue.InFlight, Is.EqualTo(1));
    }

    [TestCase(0x1_0000u)]
    [TestCase(16u)]   // one past the last head
    public void AnIdOutsideTheQueue(uint id)
    {
        var rig = OneReadCompletedBy(DeviceMisbehaviour.UnknownId, queueSize: 16, device => device.UnknownId = id);

        AssertProtocolError(rig, $"used id {id} is not a request in flight");
    }

    [Test]
    public void TheSameChainCompletedTwice()
    {
        var rig = new VirtioBlkRig(queueSize: 16);
        ushort head = rig.Submit(0, Read, 0, 0, 512);
        rig.Submit(1, Read, 1, 512, 512);   // in flight, so two used entries are no jump
        rig.Kick();
        rig.Device.Fetch();

        rig.Device.Misbehaviour = DeviceMisbehaviour.DuplicateCompletion;
        rig.Device.Complete(head);

        Assert.That(rig.Queue.TryTakeUsed(out VirtqueueUsedEntry first), Is.True);
        Assert.That(first.Head, Is.EqualTo(head));
        var thrown = Assert.Throws<VirtioProtocolException>(() => rig.Queue.TryTakeUsed(out _))!;
        Assert.That(thrown.Message, Is.EqualTo($"used id {head} is not a request in flight"));
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(13), "the chain was freed once");
    }

    [Test]
    public void MoreBytesWrittenThanTheChainHolds()
    {
        var rig = OneReadCompletedBy(DeviceMisbehaviour.LengthBeyondBuffer);

        AssertProtocolError(rig, "device wrote 9000 bytes into a 513-byte chain (used id 0)");
        Assert.That(rig.Queue.InFlight, Is.EqualTo(1));
    }

    [Test]
    public void ALoopScribbledIntoTheDescriptorTableCannotLoopTheDriver()
    {
        var rig = OneReadCompletedBy(DeviceMisbehaviour.DescriptorLoop);

        Assert.That(rig.Reap(), Has.Count.EqualTo(1), "freed from the driver's own record of the chain");
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(16));
        for (int i = 0; i < 100; i++) Assert.That(rig.RoundTrip(Read, (ulong)i, 0, 512).Result.Succeeded, Is.True);
        Assert.That(rig.Queue.FreeDescriptors, Is.EqualTo(16));
        Assert.That(rig.Device.ProtocolErrors, Is.Empty, "the driver rewrote the descriptors it reused");
    }

    [Test]
    public void AStatusTheDeviceNeverWrote()
    {
        var thrown = Assert.Throws<VirtioProtocolException>(
            () => VirtioBlkResult.FromStatus(VirtioBlkRequestSlots.StatusNotWritten, Read, 8, 4096))!;
        Assert.That(thrown.Message, Is.EqualTo("device completed the read of 8 sectors at sector 8 with status 0xff, which is none of OK, IOERR, UNSUPP"));
    }

    [TestCase(VirtioBlkFeature.SizeMax, "device offers VIRTIO_BLK_F_SIZE_MAX with size_max 100, less than one sector")]
    [TestCase(VirtioBlkFeature.SegMax, "device offers VIRTIO_BLK_F_SEG_MAX with seg_max 0")]
    [TestCase(VirtioBlkFeature.BlockSize, "device reports a block size of 1000 bytes, not a power of two from 512 to 65536")]
    public void ANonsensicalConfiguration(ulong feature, string message)
    {
        var device = new SimulatedVirtioBlkDevice(new byte[4096], 8, feature)
        {
            SizeMax = 100, SegMax = 0, BlockSize = 1000,
        };

        var thrown = Assert.Throws<VirtioProtocolException>(() => VirtioBlkConfig.Read(device, feature))!;
        Assert.That(thrown.Message, Is.EqualTo(message));
    }

    // One 512-byte read at sector 0, completed by a device that misbehaves so.
    private static VirtioBlkRig OneReadCompletedBy(DeviceMisbehaviour misbehaviour, int queueSize = 16,
        Action<SimulatedVirtioBlkDevice>? setUp = null)
    {
        var rig = new VirtioBlkRig(queueSize);
        setUp?.Invoke(rig.Device);
        rig.Submit(0, Read, 0, 0, 512);
        rig.Kick();
        rig.Device.Fetch();
        rig.Device.Misbehaviour = misbehaviour;
        rig.Device.CompleteAll();
        return rig;
    }

    private static void AssertProtocolError(VirtioBlkRig rig, string message)
    {
        int free = rig.Queue.FreeDescriptors, inFlight = rig.Queue.InFlight;
        var thrown = Assert.Throws<VirtioProtocolException>(() => rig.Queue.TryTakeUsed(out _))!;
        Assert.That(thrown.Message, Is.EqualTo(message));
        Assert.That((rig.Queue.FreeDescriptors, rig.Queue.InFlight), Is.EqualTo((free, inFlight)), "the queue changed");
        Assert.Throws<VirtioProtocolException>(() => rig.Queue.TryTakeUsed(out _), "asking again gives the same verdict");
    }
}
