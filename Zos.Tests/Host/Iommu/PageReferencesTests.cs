using Zos.Kernel.Iommu;

namespace Zos.Tests.Host.Iommu;

public class PageReferencesTests
{
    [Test]
    public void AgreesWithADictionaryThroughGrowthAndClusteredDeletions()
    {
        var pages = new PageReferences();
        var model = new Dictionary<ulong, uint>();
        var random = new Random(17);
        for (int step = 0; step < 200_000; step++)
        {
            // Consecutive runs (one buffer's pages) and scattered pages, so clusters form and wrap.
            ulong page = random.Next(4) == 0 ? (ulong)random.Next(1 << 20) : 0x7_0000 + (ulong)random.Next(600);
            uint counts = random.Next(3) == 0 ? 0 : (uint)random.Next(1, 5) | (uint)random.Next(3) << 16;
            pages.Set(page, counts);
            if (counts == 0) model.Remove(page); else model[page] = counts;
            if (step % 1000 == 0)
                foreach (var (known, expected) in model) Assert.That(pages.Get(known), Is.EqualTo(expected), $"page {known} at step {step}");
            Assert.That(pages.Get(page), Is.EqualTo(counts));
        }
        Assert.That(pages.Count, Is.EqualTo(model.Count));
    }

    [Test]
    public void CountsReadersAndWritersApart()
    {
        uint counts = PageReferences.Adjusted(0, DmaAccess.Write, +1);
        counts = PageReferences.Adjusted(counts, DmaAccess.ReadWrite, +1);

        Assert.That((PageReferences.Readers(counts), PageReferences.Writers(counts)), Is.EqualTo((1, 2)));
        Assert.That(PageReferences.AccessOf(counts), Is.EqualTo(DmaAccess.ReadWrite));
        Assert.That(PageReferences.AccessOf(PageReferences.Adjusted(counts, DmaAccess.Read, -1)), Is.EqualTo(DmaAccess.Write));
        Assert.That(PageReferences.AccessOf(0), Is.EqualTo(DmaAccess.None));
    }

    [Test]
    public void EveryPageStaysFindableWhileClustersShrinkAndWrap()
    {
        // Few pages, many removals: every removal moves a cluster back, also across the table's end.
        var pages = new PageReferences();
        var model = new Dictionary<ulong, uint>();
        var random = new Random(5);
        for (int step = 0; step < 20_000; step++)
        {
            ulong page = (ulong)random.Next(40);
            uint counts = random.Next(2) == 0 ? 0 : (uint)random.Next(1, 9);
            pages.Set(page, counts);
            if (counts == 0) model.Remove(page); else model[page] = counts;
            for (ulong known = 0; known < 40; known++)
                Assert.That(pages.Get(known), Is.EqualTo(model.GetValueOrDefault(known)), $"page {known} at step {step}");
        }
    }

    // White-box: pages picked by the table's own hash (Fibonacci hashing, 64 slots at first) so that a cluster
    // runs off the table's end and wraps to slot 0, the case a removal must move entries back across.
    private static ulong PageWithHome(int home, ulong after = 0)
    {
        for (ulong page = after; ; page++)
            if ((int)(((page + 1) * 0x9E37_79B9_7F4A_7C15UL) >> 32 & 63) == home) return page;
    }

    [Test]
    public void RemovingFromAClusterThatWrapsMovesTheRestBackAcrossTheEnd()
    {
        ulong a = PageWithHome(63), b = PageWithHome(63, a + 1), c = PageWithHome(0), d = PageWithHome(62);
        var pages = new PageReferences();
        pages.Set(d, 4);   // slot 62
        pages.Set(a, 1);   // slot 63
        pages.Set(b, 2);   // wraps to slot 0
        pages.Set(c, 3);   // home 0 taken: slot 1

        pages.Set(a, 0);
        Assert.That((pages.Get(a), pages.Get(b), pages.Get(c), pages.Get(d)), Is.EqualTo((0u, 2u, 3u, 4u)));
        pages.Set(d, 0);
        Assert.That((pages.Get(b), pages.Get(c), pages.Get(d)), Is.EqualTo((2u, 3u, 0u)));
        pages.Set(b, 0);
        Assert.That((pages.Get(b), pages.Get(c), pages.Count), Is.EqualTo((0u, 3u, 1)));
    }
}
