using Zos.Hal.Acpi;
using Zos.Hal.Apic;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

public class IsaIrqRouteTests
{
    private static MadtTable Load(params byte[][] entries)
    {
        var memory = new SimulatedPhysicalMemory().Place(0x1000, Madt(0xFEE00000, 1, entries));
        Assert.That(MadtTable.TryLoad(memory, 0x1000, out var madt, out string error), Is.True, error);
        return madt;
    }

    private static (uint Gsi, bool ActiveLow, bool Level) Route(MadtTable madt, byte irq)
    {
        IsaIrqRoute route = madt.RouteIsaIrq(irq);
        return (route.Gsi, route.Polarity == IrqPolarity.ActiveLow, route.Trigger == IrqTrigger.Level);
    }

    [Test]
    public void AnIrqWithoutOverrideIsIdentityMappedActiveHighEdge()
    {
        var madt = Load(IoApic(0, 0xFEC00000, 0), Override(0, 0, 2, 0));

        Assert.That(Route(madt, 4), Is.EqualTo((4u, false, false)));
        Assert.That(Route(madt, 15), Is.EqualTo((15u, false, false)));
    }

    [Test]
    public void AnOverrideConformingToTheBusMovesTheIrqWithIsaDefaults()
    {
        Assert.That(Route(Load(Override(0, 0, 2, 0)), 0), Is.EqualTo((2u, false, false)));
    }

    [Test]
    public void AnOverrideCanMakeAnIrqLevelTriggered()
    {
        Assert.That(Route(Load(Override(0, 9, 9, 0x000D)), 9), Is.EqualTo((9u, false, true)));
    }

    [Test]
    public void AnOverrideCanMakeAnIrqActiveLow()
    {
        Assert.That(Route(Load(Override(0, 11, 20, 0x000F)), 11), Is.EqualTo((20u, true, true)));
        Assert.That(Route(Load(Override(0, 12, 21, 0x0007)), 12), Is.EqualTo((21u, true, false)));
    }

    [Test]
    public void OverridesOfOtherBusesDoNotApply()
    {
        Assert.That(Route(Load(Override(1, 3, 40, 0x000F)), 3), Is.EqualTo((3u, false, false)));
    }
}
