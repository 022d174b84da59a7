using Zos.Drivers.VirtIO;

namespace Zos.Tests.Host.VirtIO;

public class VirtqueueLayoutTests
{
    // The legacy formula of virtio 1.2, 2.7.2: ALIGN(16 n + 2 (3 + n)) + ALIGN(6 + 8 n), ALIGN to 4096.
    [TestCase(1, 4096, 8192)]
    [TestCase(128, 4096, 8192)]
    [TestCase(256, 8192, 12288)]
    [TestCase(1024, 20480, 32768)]
    [TestCase(32768, 593920, 860160)]
    public void MatchesTheLegacyLayout(int queueSize, int usedRing, int total)
    {
        var layout = new VirtqueueLayout(queueSize);

        Assert.That(layout.DescriptorTableOffset, Is.EqualTo(0));
        Assert.That(layout.AvailableRingOffset, Is.EqualTo(16 * queueSize));
        Assert.That(layout.AvailableIndexOffset, Is.EqualTo(16 * queueSize + 2));
        Assert.That(layout.AvailableEntryOffset(queueSize - 1), Is.EqualTo(16 * queueSize + 4 + 2 * (queueSize - 1)));
        Assert.That(layout.UsedEventOffset, Is.EqualTo(16 * queueSize + 4 + 2 * queueSize));
        Assert.That(layout.UsedRingOffset, Is.EqualTo(usedRing));
        Assert.That(layout.UsedIndexOffset, Is.EqualTo(usedRing + 2));
        Assert.That(layout.UsedElementOffset(1), Is.EqualTo(usedRing + 12));
        Assert.That(layout.AvailEventOffset, Is.EqualTo(usedRing + 4 + 8 * queueSize));
        Assert.That(layout.TotalBytes, Is.EqualTo(total));
        Assert.That(layout.UsedEventOffset + 2, Is.LessThanOrEqualTo(layout.UsedRingOffset), "used_event inside the available part");
        Assert.That(layout.AvailEventOffset + 2, Is.LessThanOrEqualTo(layout.TotalBytes), "avail_event inside the queue");
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(65536)]
    [TestCase(-4)]
    public void RefusesSizesNoQueueCanHave(int queueSize)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new VirtqueueLayout(queueSize))!;
        Assert.That(thrown.Message, Does.StartWith($"a virtqueue has a power-of-two size from 1 to 32768, not {queueSize}"));
    }

    // VIRTIO_F_EVENT_IDX's vring_need_event: notify when the index moved past the event index.
    [TestCase(0, 1, 0, true)]
    [TestCase(0, 2, 1, false)]
    [TestCase(5, 6, 5, true)]
    [TestCase(5, 9, 3, true)]
    [TestCase(5, 5, 3, false)]
    [TestCase(65535, 0, 65535, true)]
    [TestCase(65535, 1, 65534, true)]
    [TestCase(65534, 1, 65535, false)]
    [TestCase(1, 1, 1, false)]
    public void EventIndexDecision(int eventIndex, int newIndex, int oldIndex, bool passes)
    {
        Assert.That(VirtqueueFormat.PassesEvent((ushort)eventIndex, (ushort)newIndex, (ushort)oldIndex), Is.EqualTo(passes));
    }

    [Test]
    public void DescriptorsAreLittleEndian()
    {
        var bytes = new byte[16];
        VirtqueueFormat.EncodeDescriptor(bytes, 0x1122_3344_5566_7788, 0xAABB_CCDD, 0x0103, 0x0201);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xDD, 0xCC, 0xBB, 0xAA, 3, 1, 1, 2 }));
    }
}
