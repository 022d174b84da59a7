using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;

namespace Zos.Tests.Host.Storage;

// A request completes once: its client's callback counts on it (one
// outstanding request less per completion).
public class BlockRequestTests
{
    [Test]
    public void ASecondCompletionIsRefusedAndKeepsTheFirstTime()
    {
        var request = new BlockRequest(BlockOperation.Flush, 0, 0, null!, 0, _ => { });
        Assert.That(request.Complete(now: 10), Is.True);
        Assert.That(request.Complete(now: 20), Is.False);
        Assert.That((request.IsComplete, request.CompletedNanoseconds), Is.EqualTo((true, 10UL)));
    }

    [Test]
    public void TheFirstFailureIsKept()
    {
        var request = new BlockRequest(BlockOperation.Read, 0, 1, new byte[512], 0, _ => { });
        request.Fail(BlockStatus.IoError, "first");
        request.Fail(BlockStatus.DeviceFailed, "second");
        Assert.That((request.Status, request.Error), Is.EqualTo((BlockStatus.IoError, "first")));
    }
}
