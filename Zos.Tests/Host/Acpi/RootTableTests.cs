using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Acpi;

public class RootTableTests
{
    private const uint RsdtAt = 0x7FE1000;
    private const ulong XsdtAt = 0x7FE2000;

    private static RootPointer Rsdp(byte revision, uint rsdt, ulong xsdt = 0)
    {
        Assert.That(RootPointer.TryParse(AcpiImage.Rsdp(revision, rsdt, xsdt), out var rsdp, out string error), Is.True, error);
        return rsdp;
    }

    private static RootTable Load(SimulatedPhysicalMemory memory, RootPointer rsdp)
    {
        Assert.That(RootTable.TryLoad(memory, rsdp, out var root, out string error), Is.True, error);
        return root;
    }

    private static string LoadError(SimulatedPhysicalMemory memory, RootPointer rsdp)
    {
        Assert.That(RootTable.TryLoad(memory, rsdp, out var root, out string error), Is.False);
        Assert.That(root, Is.Null);
        return error;
    }

    [Test]
    public void ReadsThirtyTwoBitRsdtEntries()
    {
        var memory = new SimulatedPhysicalMemory().Place(RsdtAt, AcpiImage.Rsdt(0x7FE3000, 0xFFFF_FFF0, 0x7FE4000));

        var root = Load(memory, Rsdp(0, RsdtAt));

        Assert.That(root.Signature, Is.EqualTo("RSDT"));
        Assert.That(root.Header.Address, Is.EqualTo(RsdtAt));
        Assert.That(root.Entries, Is.EqualTo(new ulong[] { 0x7FE3000, 0xFFFF_FFF0, 0x7FE4000 }));
        Assert.That(root.XsdtRejection, Is.Null);
    }

    [Test]
    public void PrefersTheXsdtAndReadsSixtyFourBitEntries()
    {
        var memory = new SimulatedPhysicalMemory()
            .Place(RsdtAt, AcpiImage.Rsdt(0x7FE3000))
            .Place(XsdtAt, AcpiImage.Xsdt(0x1_0000_3000, 0x7FE4000));

        var root = Load(memory, Rsdp(2, RsdtAt, XsdtAt));

        Assert.That(root.Signature, Is.EqualTo("XSDT"));
        Assert.That(root.Entries, Is.EqualTo(new ulong[] { 0x1_0000_3000, 0x7FE4000 }));
    }

    [Test]
    public void UsesTheRsdtWhenAVersion2RsdpHasNoXsdt()
    {
        var memory = new SimulatedPhysicalMemory().Place(RsdtAt, AcpiImage.Rsdt(0x7FE3000));

        Assert.That(Load(memory, Rsdp(2, RsdtAt, 0)).Signature, Is.EqualTo("RSDT"));
    }

    [Test]
    public void FallsBackToTheRsdtWhenTheXsdtIsInvalid()
    {
        var xsdt = AcpiImage.Xsdt(0x7FE3000);
        xsdt[40] ^= 1;
        var memory = new SimulatedPhysicalMemory().Place(RsdtAt, AcpiImage.Rsdt(0x7FE3000)).Place(XsdtAt, xsdt);

        var root = Load(memory, Rsdp(2, RsdtAt, XsdtAt));

        Assert.That(root.Signature, Is.EqualTo("RSDT"));
        Assert.That(root.Entries, Is.EqualTo(new ulong[] { 0x7FE3000 }));
        Assert.That(root.XsdtRejection, Is.EqualTo("XSDT at 0x7fe2000 has a wrong checksum"));
    }

    [Test]
    public void ReportsBothWhenNeitherRootTableIsValid()
    {
        var memory = new SimulatedPhysicalMemory().Place(XsdtAt, AcpiImage.Rsdt(1));

        Assert.That(LoadError(memory, Rsdp(2, RsdtAt, XsdtAt)), Is.EqualTo(
            "cannot read the table header at 0x7fe1000: nothing at 0x7fe1000; and XSDT at 0x7fe2000 has signature 'RSDT'"));
    }

    [Test]
    public void RejectsAMissingRsdt()
    {
        Assert.That(LoadError(new SimulatedPhysicalMemory(), Rsdp(0, 0)), Is.EqualTo("the RSDP gives no RSDT address"));
    }

    [Test]
    public void RejectsARsdtAddressWithNothingThere()
    {
        Assert.That(LoadError(new SimulatedPhysicalMemory(), Rsdp(0, RsdtAt)), Is.EqualTo("cannot read the table header at 0x7fe1000: nothing at 0x7fe1000"));
    }

    [Test]
    public void RejectsARsdtWithAPartialEntry()
    {
        var memory = new SimulatedPhysicalMemory().Place(RsdtAt, AcpiImage.Table("RSDT", [0, 0x30, 0xFE, 7, 0, 0]));

        Assert.That(LoadError(memory, Rsdp(0, RsdtAt)), Is.EqualTo("RSDT at 0x7fe1000 has 6 bytes of entries, not a multiple of 4"));
    }
}
