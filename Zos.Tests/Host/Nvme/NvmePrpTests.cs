using Zos.Drivers.Nvme;

namespace Zos.Tests.Host.Nvme;

// PRP1/PRP2 and PRP lists (NVMe 1.4, 4.3), as the simulated controller walks them.
public class NvmePrpTests
{
    private const ulong List = 0x9000_0000;

    [Test]
    public void ATransferWithinOnePageHasNoPrp2()
    {
        var entries = new byte[4096];
        Assert.That(NvmePrp.Build(0x1000_0200, 3584, List, entries, out ulong prp1, out ulong prp2), Is.EqualTo(0));
        Assert.That((prp1, prp2), Is.EqualTo((0x1000_0200UL, 0UL)));
    }

    [Test]
    public void ATransferCrossingOnePageBoundaryHasTheSecondPageInPrp2()
    {
        var entries = new byte[4096];
        Assert.That(NvmePrp.Build(0x1000_0200, 4096, List, entries, out ulong prp1, out ulong prp2), Is.EqualTo(0));
        Assert.That((prp1, prp2), Is.EqualTo((0x1000_0200UL, 0x1000_1000UL)), "the second page from its start, not PRP1 + 4096");
    }

    [Test]
    public void ALongerTransferListsEveryPageAfterTheFirst()
    {
        var entries = new byte[4096];
        // 16 KiB from 512 bytes into a page touch five pages: the first in PRP1, four in the list.
        int count = NvmePrp.Build(0x1000_0200, 4 * 4096, List, entries, out ulong prp1, out ulong prp2);

        Assert.That((count, prp1, prp2), Is.EqualTo((4, 0x1000_0200UL, List)));
        Assert.That(Enumerable.Range(0, 5).Select(i => BitConverter.ToUInt64(entries, 8 * i)),
            Is.EqualTo(new ulong[] { 0x1000_1000, 0x1000_2000, 0x1000_3000, 0x1000_4000, 0 }), "four entries, each a page start, nothing after");
    }

    [Test]
    public void TheLargestTransferFillsOneListPageAndNoMore()
    {
        var entries = new byte[4096];
        Assert.That(NvmePrp.Build(0x1000_0000, NvmePrp.MaxTransferBytes, List, entries, out _, out _), Is.EqualTo(511));
        Assert.That(NvmePrp.Build(0x1000_0200, NvmePrp.MaxTransferBytes, List, entries, out _, out _), Is.EqualTo(512), "an offset start touches one page more");
        Assert.Throws<ArgumentOutOfRangeException>(() => NvmePrp.Build(0x1000_0200, NvmePrp.MaxTransferBytes + 4096, List, entries, out _, out _));
    }

    [Test]
    public void AnAddressThatIsNotDwordAlignedIsRefused()
    {
        var entries = new byte[4096];
        Assert.That(() => NvmePrp.Build(0x1000_0202, 512, List, entries, out _, out _), Throws.ArgumentException.With.Message.Contains("dword aligned"));
    }

    [Test]
    public void TheSimulatedControllerWalksAListTheBuilderWrote()
    {
        var entries = new byte[4096];
        int count = NvmePrp.Build(0x1000_0200, 5 * 4096, List, entries, out ulong prp1, out ulong prp2);
        bool Read(ulong address, out ulong value)
        {
            value = BitConverter.ToUInt64(entries, (int)(address - List));
            return address >= List && address < List + 8 * (ulong)count;
        }

        List<(ulong Address, int Bytes)>? pieces = SimulatedPrp.Walk(Read, prp1, prp2, 5 * 4096, out string? problem);

        Assert.That(problem, Is.Null);
        Assert.That(pieces, Is.EqualTo(new[]
        {
            (0x1000_0200UL, 3584), (0x1000_1000UL, 4096), (0x1000_2000UL, 4096), (0x1000_3000UL, 4096), (0x1000_4000UL, 4096), (0x1000_5000UL, 512),
        }));
    }

    // 4.3: a PRP list on a page; and at least one byte to describe.
    [TestCase(0x1000_0000UL, 0, List, typeof(ArgumentOutOfRangeException))]
    [TestCase(0x1000_0000UL, -512, List, typeof(ArgumentOutOfRangeException))]
    [TestCase(0x1000_0000UL, 16384, List + 8, typeof(ArgumentException))]
    public void WhatPrpsCannotDescribeIsRefused(ulong address, int bytes, ulong list, Type error) =>
        Assert.Throws(error, () => NvmePrp.Build(address, bytes, list, new byte[4096], out _, out _));

    [Test]
    public void SlotPagesNeedAPageForEverySlot()
    {
        var rig = new NvmeRig();

        Assert.That(new NvmeSlotPages(rig.Allocate(NvmeSlotPages.BytesFor(3)), 3).Address(2), Is.Not.EqualTo(0UL));
        Assert.Throws<ArgumentException>(() => new NvmeSlotPages(rig.Allocate(NvmeSlotPages.BytesFor(3)), 4));
    }
}
