using Zos.Drivers;
using Zos.Hal.Capabilities;
using Zos.Tests.Host.Nvme;

namespace Zos.Tests.Host.Drivers;

// Bounce buffers cost their zeroing when first used, not at every restart:
// the block service lends almost every transfer.
public class BounceBuffersTests
{
    [Test]
    public void EachBufferIsAllocatedOnItsFirstUseAndOnlyOnce()
    {
        var rig = new NvmeRig();
        var asked = new List<int>();
        var bounce = new BounceBuffers(4, 8192, i =>
        {
            asked.Add(i);
            return rig.Allocate(8192);
        });
        Assert.That(asked, Is.Empty, "nothing before use");

        int first = bounce.Take(), second = bounce.Take();
        DmaBuffer buffer = bounce.Buffer(first);
        Assert.That(bounce.Buffer(first), Is.SameAs(buffer));
        Assert.That(asked, Is.EqualTo(new[] { first }), "taking is not using");
        bounce.Give(first);
        Assert.That(bounce.Buffer(bounce.Take()), Is.SameAs(buffer), "given back and taken again: the same buffer");
        bounce.Buffer(second);
        Assert.That(asked, Is.EqualTo(new List<int> { first, second }), "two used, each allocated once");
        Assert.That(new[] { bounce.Take(), bounce.Take() }, Has.None.EqualTo(-1));
        Assert.That(bounce.Take(), Is.EqualTo(-1), "four in all, all taken");
    }
}
