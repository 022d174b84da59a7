using Zos.Tests.Qemu.PowerCut;

namespace Zos.Tests.Host.KeyValue;

// The power-cut harness's disk: what a cut may keep is what was flushed plus
// some of what was not, never less than what was flushed.
public class VolatileWriteCacheTests
{
    private const int Sector = VolatileWriteCache.Sector;

    private static byte[] Filled(byte value, int sectors = 1) => Enumerable.Repeat(value, sectors * Sector).ToArray();

    [Test]
    public void ReadsSeeWritesBeforeAnyFlush()
    {
        var cache = new VolatileWriteCache(new byte[8 * Sector]);
        cache.Write(2 * Sector, Filled(7, 2));
        var read = new byte[3 * Sector];
        cache.Read(Sector, read);
        Assert.That(read, Is.EqualTo(Filled(0).Concat(Filled(7, 2))));
        Assert.That(cache.Unflushed, Is.EqualTo(2));
    }

    [Test]
    public void ACutKeepsEverythingFlushedAndOfTheRestOnlyWhatWasWritten()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var cache = new VolatileWriteCache(new byte[8 * Sector]);
            cache.Write(0, Filled(1, 2));
            cache.Flush();
            cache.Write(2 * Sector, Filled(2, 4));
            var (image, report) = cache.Cut(new Random(seed));
            Assert.That(image[..(2 * Sector)], Is.All.EqualTo(1), $"seed {seed}: flushed sectors survive ({report})");
            Assert.That(image[(6 * Sector)..], Is.All.EqualTo(0), $"seed {seed}: unwritten sectors stay as they were");
        }
    }

    [Test]
    public void CutsLoseLandAndTearUnflushedSectors()
    {
        var outcomes = new HashSet<string>();
        for (int seed = 0; seed < 200; seed++)
        {
            var cache = new VolatileWriteCache(new byte[4 * Sector]);
            cache.Write(0, Filled(9, 4));
            var (image, _) = cache.Cut(new Random(seed));
            for (int s = 0; s < 4; s++)
            {
                byte[] sector = image[(s * Sector)..((s + 1) * Sector)];
                outcomes.Add(sector.All(b => b == 9) ? "landed" : sector.All(b => b == 0) ? "lost" : "torn");
            }
        }
        Assert.That(outcomes, Is.EquivalentTo(new[] { "landed", "lost", "torn" }));
    }

    [Test]
    public void ACacheThatIgnoresFlushesKeepsNothingForSureAtACut()
    {
        var cache = new VolatileWriteCache(new byte[2 * Sector], honoursFlushes: false);
        cache.Write(0, Filled(5, 2));
        cache.Flush();
        Assert.That((cache.Flushes, cache.Unflushed), Is.EqualTo((1, 2)));
        bool everLost = Enumerable.Range(0, 50).Any(seed => cache.Cut(new Random(seed)).Image.Any(b => b != 5));
        Assert.That(everLost, Is.True);
    }

    [Test]
    public void OnlyWholeSectorsAreWritten()
    {
        var cache = new VolatileWriteCache(new byte[2 * Sector]);
        Assert.Throws<ArgumentException>(() => cache.Write(100, new byte[Sector]));
        Assert.Throws<ArgumentException>(() => cache.Write(0, new byte[100]));
    }
}
