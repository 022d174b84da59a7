using Zos.Hal.Platform;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Platform;

// The 8042 is at ports 0x60 and 0x64 with IRQs 1 and 12 (IBM PC/AT), and it
// is there unless a FADT that has the IA-PC boot architecture flags (revision
// 3 on) leaves bit 1, "8042", clear (ACPI 6.5, Table 5.11).
public class PcPlatformDevicesTests
{
    private static PlatformDevice I8042(Zos.Hal.Acpi.AcpiTables? tables, string? acpiError = null) =>
        PcPlatformDevices.Discover(tables!, acpiError!).Single(d => d.Name == "i8042");

    [Test]
    public void The8042HasItsTwoPortsAndBothIsaIrqs()
    {
        PlatformDevice i8042 = I8042(WithFadt(Fadt(3, 0x0003)));

        Assert.That(Enumerable.Range(0, i8042.PortRangeCount).Select(i => (i8042.PortRange(i).First, i8042.PortRange(i).Count)),
            Is.EqualTo(new[] { ((ushort)0x60, 1), ((ushort)0x64, 1) }));
        Assert.That(Enumerable.Range(0, i8042.IsaIrqCount).Select(i8042.IsaIrq), Is.EqualTo(new byte[] { 1, 12 }));
        Assert.That(i8042.ToString(), Is.EqualTo("i8042 ports 0x60,0x64 irqs 1,12"));
        Assert.That((i8042.PortRangeHolding(0x64, 1), i8042.PortRangeHolding(0x61, 1), i8042.PortRangeHolding(0x60, 2)), Is.EqualTo((1, -1, -1)));
        Assert.That((i8042.HasIsaIrq(12), i8042.HasIsaIrq(4)), Is.EqualTo((true, false)));
    }

    [Test]
    public void AFadtWithThe8042FlagSaysItIsThere()
    {
        PlatformDevice i8042 = I8042(WithFadt(Fadt(3, 0x0002)));
        Assert.That((i8042.Present, i8042.Presence), Is.EqualTo((true, "the FADT's IA-PC boot architecture flags 0x2 name an 8042")));
    }

    [Test]
    public void AFadtWithoutThe8042FlagSaysItIsNot()
    {
        PlatformDevice i8042 = I8042(WithFadt(Fadt(3, 0x0001)));
        Assert.That((i8042.Present, i8042.Presence), Is.EqualTo((false, "the FADT's IA-PC boot architecture flags 0x1 say there is no 8042")));
    }

    [Test]
    public void AnAcpi1FadtHasNoFlagsSoTheLegacyPcsControllerIsAssumed()
    {
        PlatformDevice i8042 = I8042(WithFadt(Fadt(1, 0x0000)));
        Assert.That((i8042.Present, i8042.Presence), Is.EqualTo((true, "assumed: FADT revision 1 has no IA-PC boot architecture flags")));
    }

    [Test]
    public void WithoutAcpiTablesTheControllerIsAssumed()
    {
        PlatformDevice i8042 = I8042(null, "no RSDP");
        Assert.That((i8042.Present, i8042.Presence), Is.EqualTo((true, "assumed: no ACPI tables (no RSDP), so a legacy PC")));
    }
}
