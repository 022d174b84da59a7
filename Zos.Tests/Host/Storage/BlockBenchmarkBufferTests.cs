using Zos.Shell.Tools;

namespace Zos.Tests.Host.Storage;

// `blk bench`'s buffers: a page more than the request, and the request's data
// starting where the array's next page begins.
public class BlockBenchmarkBufferTests
{
    [Test]
    public void TheRequestStartsAtTheNextPageOfTheArraysData()
    {
        Assert.That(BlockBenchmark.OffsetToPage(0x1234_5000), Is.EqualTo(0), "already on a page");
        Assert.That(BlockBenchmark.OffsetToPage(0x1234_5018), Is.EqualTo(0xFE8), "a Zos array's data follows its 24 bytes of headers");
        Assert.That(BlockBenchmark.OffsetToPage(0x1234_5FFF), Is.EqualTo(1));
        Assert.That(BlockBenchmark.BufferBytes(1 << 20), Is.EqualTo((1UL << 20) + 4096), "room for any offset below a page");
    }
}
