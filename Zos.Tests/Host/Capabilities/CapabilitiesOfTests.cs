using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

// CapabilityAuthority.CapabilitiesOf: what an owner holds, read under the
// authority's lock, for threads other than the owner's (the shell's `drivers`
// and `caps`), which must never meet a capability still being made.
public class CapabilitiesOfTests
{
    [Test]
    public void ListsWhatTheOwnerHoldsInTheOrderItWasGranted()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(16 * 1024);
        Assert.That(pool.Allocate(100, out DmaBuffer buffer), Is.Null);

        Capability[] held = bench.Authority.CapabilitiesOf(bench.Driver);

        Assert.That(held, Is.EqualTo(Enumerable.Range(0, bench.Driver.CapabilityCount).Select(bench.Driver.CapabilityAt)));
        Assert.That(held.TakeLast(2), Is.EqualTo(new Capability[] { pool, buffer }));
    }

    [Test]
    public void DescribingWhatAnOwnerHoldsWhileItsThreadMakesAndFreesBuffersNeverMeetsOneHalfMade()
    {
        var bench = new CapabilityBench();
        DmaPool pool = bench.GrantDma(64 * 1024);
        using var done = new ManualResetEventSlim();
        Exception? failed = null;
        var maker = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 20_000 && !done.IsSet; i++)
                {
                    Assert.That(pool.Allocate(64, out DmaBuffer buffer), Is.Null);
                    buffer.Free();
                }
            }
            catch (Exception exception) { failed = exception; }
            finally { done.Set(); }
        });
        maker.Start();
        int described = 0;
        while (!done.IsSet)
            foreach (Capability capability in bench.Authority.CapabilitiesOf(bench.Driver))
                if (capability is not null && capability.Describe().Length > 0) described++;
        maker.Join();

        Assert.That(failed, Is.Null);
        Assert.That(described, Is.GreaterThan(0));
    }
}
