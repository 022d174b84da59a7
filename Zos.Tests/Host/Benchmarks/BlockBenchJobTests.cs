using Zos.Tests.Benchmarks;

namespace Zos.Tests.Host.Benchmarks;

public class BlockBenchJobTests
{
    [Test]
    public void StandardJobsAsZosCommandsAndLabels()
    {
        Assert.That(BlockBenchJob.Standard.Select(job => job.ZosBenchCommand("blk0", 4)), Is.EqualTo(new[]
        {
            "blk bench blk0 seq read 1m 1 time=4 ramp=1",
            "blk bench blk0 rand read 4k 1 time=4 ramp=1",
            "blk bench blk0 rand read 4k 32 time=4 ramp=1",
            "blk bench blk0 seq write 1m 1 time=4 ramp=1",
        }));
        Assert.That(BlockBenchJob.Standard.Select(job => job.Describe()), Is.EqualTo(new[]
        {
            "seq read 1 MiB, depth 1", "rand read 4 KiB, depth 1", "rand read 4 KiB, depth 32", "seq write 1 MiB, depth 1",
        }));
    }

    [Test]
    public void TheNvmeRowsAddDepth128BeforeTheWrite()
    {
        Assert.That(BlockBenchJob.WithDepth128.Select(job => job.Name), Is.EqualTo(new[]
        {
            "seq-read-1m", "rand-read-4k-qd1", "rand-read-4k-qd32", "rand-read-4k-qd128", "seq-write-1m",
        }));
        Assert.That(BlockBenchJob.WithDepth128[3].ZosBenchCommand("nvme0n1", 4), Is.EqualTo("blk bench nvme0n1 rand read 4k 128 time=4 ramp=1"));
    }
}
