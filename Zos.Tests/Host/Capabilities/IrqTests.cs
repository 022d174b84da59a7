using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class IrqTests
{
    [Test]
    public void WaitReturnsWhetherTheInterruptFiredAndAcknowledgeReachesTheLine()
    {
        var bench = new CapabilityBench();
        Irq irq = bench.GrantIrq(CapabilityRights.Wait | CapabilityRights.Acknowledge);

        Assert.That((irq.Mode, irq.Number, irq.Entry), Is.EqualTo((IrqMode.Line, 11, 0)));
        Assert.That(irq.Describe(), Is.EqualTo("irq 11 wait,acknowledge"));
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

    [TestCase(IrqMode.Line, 11, 0, "irq 11 wait")]
    [TestCase(IrqMode.Msi, 0x70, 0, "msi vector 0x70 wait")]
    [TestCase(IrqMode.MsiX, 0x7f, 3, "msi-x 3 vector 0x7f wait")]
    public void DescribesWhereTheInterruptComesFrom(IrqMode mode, int number, int entry, string expected)
    {
        var bench = new CapabilityBench();
        Irq root = bench.Authority.DeclareIrq(new SimulatedIrqSignal(number, mode, entry));
        Assert.That(bench.Authority.Grant(root, bench.Driver, CapabilityRights.Wait, out Irq irq), Is.Null);
        Assert.That(irq.Describe(), Is.EqualTo(expected));
        Assert.That((irq.Mode, irq.Number, irq.Entry), Is.EqualTo((mode, number, entry)));
    }
}
