using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

public class AcpiTablesTests
{
    private const uint RsdtAt = 0x7FE0000, XsdtAt = 0x7FE0100, FacpAt = 0x7FE1000, MadtAt = 0x7FE2000, HpetAt = 0x7FE3000, McfgAt = 0x7FE4000;

    private static RootPointer Rsdp(byte revision, uint rsdt, ulong xsdt = 0)
    {
        Assert.That(RootPointer.TryParse(AcpiImage.Rsdp(revision, rsdt, xsdt), out var rsdp, out string error), Is.True, error);
        return rsdp;
    }

    private static SimulatedPhysicalMemory Machine(byte[] madt) => new SimulatedPhysicalMemory()
        .Place(RsdtAt, Rsdt(FacpAt, MadtAt, HpetAt))
        .Place(XsdtAt, Xsdt(FacpAt, MadtAt, HpetAt, McfgAt))
        .Place(FacpAt, Table("FACP", new byte[80]))
        .Place(MadtAt, madt)
        .Place(HpetAt, Hpet(0x8086A201, 0, 0xFED00000, 0, 0x80, 0))
        .Place(McfgAt, Mcfg((0xB0000000, 0, 0, 0xFF)));

    private static byte[] TwoCpuMadt() => Madt(0xFEE00000, 1, LocalApic(0, 0, 1), LocalApic(1, 1, 1), IoApic(0, 0xFEC00000, 0), Override(0, 0, 2, 0));

    [Test]
    public void LoadsEveryTableTheRsdtLists()
    {
        Assert.That(AcpiTables.TryLoad(Machine(TwoCpuMadt()), Rsdp(0, RsdtAt), out var tables, out string error), Is.True, error);

        Assert.That(tables.RootPointer.Revision, Is.EqualTo(0));
        Assert.That(tables.RootTable.Signature, Is.EqualTo("RSDT"));
        Assert.That(tables.Tables.Select(t => (t.Signature, t.Address)), Is.EqualTo(new[] { ("FACP", (ulong)FacpAt), ("APIC", (ulong)MadtAt), ("HPET", (ulong)HpetAt) }));
        Assert.That(tables.Find("FACP")!.Length, Is.EqualTo(116));
        Assert.That(tables.Find("DSDT"), Is.Null);
        Assert.That(tables.Madt.Processors, Has.Length.EqualTo(2));
        Assert.That(tables.Madt.RouteIsaIrq(0).Gsi, Is.EqualTo(2));
        Assert.That(tables.Hpet.BaseAddress.Address, Is.EqualTo(0xFED00000));
        Assert.That(tables.Mcfg, Is.Null);
    }

    [Test]
    public void UsesTheXsdtOfAVersion2Rsdp()
    {
        Assert.That(AcpiTables.TryLoad(Machine(TwoCpuMadt()), Rsdp(2, RsdtAt, XsdtAt), out var tables, out string error), Is.True, error);

        Assert.That(tables.RootTable.Signature, Is.EqualTo("XSDT"));
        Assert.That(tables.Tables, Has.Length.EqualTo(4));
        Assert.That(tables.Mcfg.Segments[0].BaseAddress, Is.EqualTo(0xB0000000));
    }

    [Test]
    public void TablesNotListedAreNull()
    {
        var memory = new SimulatedPhysicalMemory().Place(RsdtAt, Rsdt(FacpAt)).Place(FacpAt, Table("FACP", new byte[80]));

        Assert.That(AcpiTables.TryLoad(memory, Rsdp(0, RsdtAt), out var tables, out string error), Is.True, error);
        Assert.That(tables.Madt, Is.Null);
        Assert.That(tables.Hpet, Is.Null);
        Assert.That(tables.Mcfg, Is.Null);
    }

    [Test]
    public void TheFirstTableOfASignatureCounts()
    {
        const uint SecondMadtAt = 0x7FE5000;
        var memory = Machine(TwoCpuMadt())
            .Place(SecondMadtAt, Madt(0xFEE00000, 1, LocalApic(0, 0, 1)));
        memory.Place(0x7FE6000, Rsdt(MadtAt, SecondMadtAt));

        Assert.That(AcpiTables.TryLoad(memory, Rsdp(0, 0x7FE6000), out var tables, out string error), Is.True, error);
        Assert.That(tables.Madt.Header.Address, Is.EqualTo(MadtAt));
        Assert.That(tables.Madt.Processors, Has.Length.EqualTo(2));
    }

    [Test]
    public void AMalformedMadtFailsTheLoadWithItsReason()
    {
        var madt = Madt(0xFEE00000, 1, LocalApic(0, 0, 1), [1, 0, 0, 0]);

        Assert.That(AcpiTables.TryLoad(Machine(madt), Rsdp(0, RsdtAt), out var tables, out string error), Is.False);
        Assert.That(tables, Is.Null);
        Assert.That(error, Is.EqualTo("MADT entry of type 1 at offset 0x34 has length 0, less than its 2-byte header"));
    }

    [Test]
    public void ABadChecksumInTheFadtCostsOnlyItsTimerNotTheTables()
    {
        var facp = Table("FACP", new byte[80]);
        facp[40] ^= 1;
        var memory = Machine(TwoCpuMadt()).Place(0x7FE7000, Rsdt(0x7FE8000, MadtAt)).Place(0x7FE8000, facp);

        Assert.That(AcpiTables.TryLoad(memory, Rsdp(0, 0x7FE7000), out var tables, out string error), Is.True, error);
        Assert.That(tables.Find("FACP")!.Address, Is.EqualTo(0x7FE8000));
        Assert.That(tables.Fadt, Is.Null);
        Assert.That(tables.FadtError, Is.EqualTo("FACP at 0x7fe8000 has a wrong checksum"));
    }

    [Test]
    public void AnEntryPointingAtNothingFailsTheLoad()
    {
        var memory = Machine(TwoCpuMadt()).Place(0x7FE6000, Rsdt(FacpAt, 0xFFFF0000));

        Assert.That(AcpiTables.TryLoad(memory, Rsdp(0, 0x7FE6000), out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("RSDT entry 1: cannot read the table header at 0xffff0000: nothing at 0xffff0000"));
    }
}
