using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// Indirect descriptor tables (virtio 1.2, 2.7.5.3): what memory they accept,
// and where the table of each head lies once a queue uses them.
public class IndirectDescriptorTableTests
{
    private static DmaBuffer Allocate(DmaPool pool, int bytes)
    {
        Assert.That(pool.Allocate(bytes, out DmaBuffer buffer), Is.Null);
        return buffer;
    }

    [TestCase(1, "an indirect table holds 2 to 8 descriptors (the queue size), not 1")]
    [TestCase(9, "an indirect table holds 2 to 8 descriptors (the queue size), not 9")]
    [TestCase(0, "an indirect table holds 2 to 8 descriptors (the queue size), not 0")]
    public void ATableOfFewerThanTwoOrMoreThanTheQueueSizeDescriptorsIsRefused(int perTable, string message)
    {
        var bench = new CapabilityBench();
        DmaBuffer buffer = Allocate(bench.GrantDma(8192), 8192);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new IndirectDescriptorTables(buffer, 8, perTable))!;

        Assert.That(thrown.Message, Does.StartWith(message));
        Assert.That(thrown.ParamName, Is.EqualTo("descriptorsPerTable"));
    }

    [TestCase(2)]
    [TestCase(8)]
    public void TablesOfTwoUpToTheQueueSizeDescriptorsAreTaken(int perTable)
    {
        var bench = new CapabilityBench();
        DmaBuffer buffer = Allocate(bench.GrantDma(8192), IndirectDescriptorTables.BytesFor(8, perTable));

        var tables = new IndirectDescriptorTables(buffer, 8, perTable);

        Assert.That((tables.QueueSize, tables.DescriptorsPerTable), Is.EqualTo((8, perTable)));
    }

    [TestCase(0)]
    [TestCase(6)]
    [TestCase(65536)]
    public void TablesForAQueueSizeNoQueueCanHaveAreRefused(int queueSize)
    {
        var bench = new CapabilityBench();
        DmaBuffer buffer = Allocate(bench.GrantDma(8192), 8192);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new IndirectDescriptorTables(buffer, queueSize, 2))!;

        Assert.That(thrown.Message, Does.StartWith("a virtqueue has a power-of-two size from 1 to 32768"));
    }

    [Test]
    public void ABufferOneByteShortOfEveryHeadsTableIsRefused()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(8192);
        DmaBuffer shortBuffer = Allocate(pool, 8 * 4 * 16 - 1);

        var thrown = Assert.Throws<ArgumentException>(() => new IndirectDescriptorTables(shortBuffer, 8, 4))!;

        Assert.That(thrown.Message, Is.EqualTo("indirect tables for a queue of 8 with 4 descriptors each need 512 bytes, the buffer has 511"));
        Assert.That(new IndirectDescriptorTables(Allocate(pool, 512), 8, 4).DescriptorsPerTable, Is.EqualTo(4), "512 bytes are enough");
    }

    // Lent memory starts wherever the array slice does: 8 bytes into an array is no descriptor boundary.
    [TestCase(8)]
    [TestCase(4)]
    [TestCase(1)]
    public void TablesNotOnA16ByteBoundaryAreRefused(int offset)
    {
        var bench = new CapabilityBench();
        Assert.That(bench.Authority.Lend(bench.Driver, new byte[1024], offset, 512, CapabilityRights.Read, CapabilityAuthority.Below4GiB,
            out DmaBuffer lent), Is.Null);

        var thrown = Assert.Throws<ArgumentException>(() => new IndirectDescriptorTables(lent, 8, 4))!;

        Assert.That(thrown.Message, Is.EqualTo("indirect tables must be 16-byte aligned"));
    }

    [Test]
    public void TablesOnA16ByteBoundaryInsideAnArrayAreTaken()
    {
        var bench = new CapabilityBench();
        Assert.That(bench.Authority.Lend(bench.Driver, new byte[1024], 16, 512, CapabilityRights.Read, CapabilityAuthority.Below4GiB,
            out DmaBuffer lent), Is.Null);

        Assert.That(new IndirectDescriptorTables(lent, 8, 4).QueueSize, Is.EqualTo(8));
    }

    [Test]
    public void TheBytesForAllTablesAreQueueSizeTimesTableTimes16AndAnOverflowIsNoSize()
    {
        Assert.That(IndirectDescriptorTables.BytesFor(8, 4), Is.EqualTo(512));
        Assert.That(IndirectDescriptorTables.BytesFor(256, 3), Is.EqualTo(12288));
        Assert.Throws<OverflowException>(() => IndirectDescriptorTables.BytesFor(32768, 32768));
    }

    // Heads other than 0 must get their own table: one past the previous, DescriptorsPerTable × 16 bytes apart.
    [Test]
    public void EachHeadsChainIsWrittenToThatHeadsTableAndTheRingDescriptorPointsThere()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(16384);
        DmaBuffer ring = Allocate(pool, new VirtqueueLayout(8).TotalBytes);
        DmaBuffer tableMemory = Allocate(pool, IndirectDescriptorTables.BytesFor(8, 3));
        var queue = new SplitVirtqueue(ring, 8, VirtioFeature.IndirectDescriptors, new IndirectDescriptorTables(tableMemory, 8, 3));
        var heads = new List<ushort>();

        for (uint request = 0; request < 3; request++)
        {
            VirtqueueSegment[] chain =
            [
                new(0x2000_0000 + request * 0x1000, 16, false),
                new(0x2000_0100 + request * 0x1000, 512 + request, true),
            ];
            Assert.That(queue.TryAdd(chain, out ushort head), Is.True);
            heads.Add(head);
        }

        Assert.That(heads, Is.EqualTo(new ushort[] { 0, 1, 2 }));
        Assert.That(queue.FreeDescriptors, Is.EqualTo(5), "one ring descriptor per chain");
        for (int request = 0; request < 3; request++)
        {
            int head = heads[request], table = head * 3 * 16;
            Assert.That(ring.Read64(16 * head), Is.EqualTo(tableMemory.DeviceAddress + (ulong)table), $"head {head}'s table address");
            Assert.That(ring.Read32(16 * head + 8), Is.EqualTo(2 * 16), "two descriptors in the table");
            Assert.That(ring.Read16(16 * head + 12), Is.EqualTo(VirtqueueFormat.DescriptorIndirect));
            Assert.That(tableMemory.Read64(table), Is.EqualTo(0x2000_0000UL + (ulong)request * 0x1000));
            Assert.That(tableMemory.Read16(table + 12), Is.EqualTo(VirtqueueFormat.DescriptorNext));
            Assert.That(tableMemory.Read16(table + 14), Is.EqualTo(1), "next is the table's own index");
            Assert.That(tableMemory.Read64(table + 16), Is.EqualTo(0x2000_0100UL + (ulong)request * 0x1000));
            Assert.That(tableMemory.Read32(table + 24), Is.EqualTo(512 + request));
            Assert.That(tableMemory.Read16(table + 28), Is.EqualTo(VirtqueueFormat.DescriptorWrite));
            Assert.That(tableMemory.Read16(table + 30), Is.EqualTo(0), "the table's last descriptor has no next");
        }
        Assert.That(tableMemory.Read64(3 * 3 * 16), Is.Zero, "nothing past the last head's table");
    }

    [Test]
    public void AOneSegmentChainStaysDirectAndAChainFillingATableGoesIndirect()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(16384);
        DmaBuffer ring = Allocate(pool, new VirtqueueLayout(8).TotalBytes);
        DmaBuffer tableMemory = Allocate(pool, IndirectDescriptorTables.BytesFor(8, 3));
        var queue = new SplitVirtqueue(ring, 8, VirtioFeature.IndirectDescriptors, new IndirectDescriptorTables(tableMemory, 8, 3));

        Assert.That(queue.TryAdd([new VirtqueueSegment(0x2000_0000, 512, true)], out ushort single), Is.True);
        Assert.That(queue.TryAdd([new(0x2000_1000, 16, false), new(0x2000_2000, 512, true), new(0x2000_3000, 1, true)], out ushort full), Is.True);

        Assert.That((ring.Read64(16 * single), ring.Read16(16 * single + 12)), Is.EqualTo((0x2000_0000UL, VirtqueueFormat.DescriptorWrite)),
            "a single segment is its own descriptor: no table for it");
        Assert.That(ring.Read16(16 * full + 12), Is.EqualTo(VirtqueueFormat.DescriptorIndirect));
        Assert.That(ring.Read32(16 * full + 8), Is.EqualTo(3 * 16));
        Assert.That(queue.FreeDescriptors, Is.EqualTo(6));
    }
}
