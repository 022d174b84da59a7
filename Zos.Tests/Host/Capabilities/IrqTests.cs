using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class IrqTests
{
    [Test]
    public void WaitReturnsWhetherTheInterruptFiredAndAcknowledgeReachesTheLine()
    {
        var bench = new CapabilityBench();
        Irq irq = bench.GrantIrq(CapabilityRights.Wait | CapabilityRights.Acknowledge);

        Assert.That(irq.Line, Is.EqualTo(11));
        Assert.That(irq.Wait(10), Is.False);
        bench.Signal.Raise();
        Assert.That(irq.Wait(10), Is.True);
        irq.Acknowledge();
        Assert.That(bench.Signal.Acknowledgements, Is.EqualTo(1));
    }

    [Test]
    public void EachOperationNeedsItsRight()
    {
        var bench = new CapabilityBench();
        Irq waitOnly = bench.GrantIrq(CapabilityRights.Wait);
        Assert.That(waitOnly.Derive(CapabilityRights.None, out Irq nothing), Is.Null);

        bench.AssertViolation(() => waitOnly.Acknowledge(), ViolationReason.MissingRights);
        CapabilityEvent violation = bench.AssertViolation(() => nothing.Wait(1), ViolationReason.MissingRights);
        Assert.That(violation.Address, Is.EqualTo(11));
    }

    [Test]
    public void AnInterruptArrivingAfterRevocationIsNotDelivered()
    {
        var bench = new CapabilityBench();
        Irq irq = bench.GrantIrq(CapabilityRights.Wait);
        bench.Signal.DuringWait = () =>
        {
            bench.Signal.Raise();
            bench.Authority.RevokeAll(bench.Driver);
        };

        Assert.That(irq.Wait(10), Is.False);
        bench.Signal.DuringWait = null;
        bench.AssertViolation(() => irq.Wait(10), ViolationReason.Revoked);
    }
}
