using Zos.Kernel.Boot;
using Zos.Kernel.Platform;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

public class AcpiDiscoveryTests
{
    private const uint RsdtAt = 0x7FE0000, XsdtAt = 0x7FE0100, MadtAt = 0x7FE2000;
    private const ulong Ebda = 0x9FC00;

    // Firmware tables reachable through both an RSDT (one MADT, one CPU) and
    // an XSDT (another MADT, two CPUs), so the result shows which root was used.
    private static SimulatedPhysicalMemory Firmware(byte[]? biosArea = null) => new SimulatedPhysicalMemory()
        .Place(RsdtAt, Rsdt(MadtAt))
        .Place(XsdtAt, Xsdt(MadtAt + 0x100))
        .Place(MadtAt, Madt(0xFEE00000, 1, LocalApic(0, 0, 1)))
        .Place(MadtAt + 0x100, Madt(0xFEE00000, 1, LocalApic(0, 0, 1), LocalApic(1, 1, 1)))
        .Place(Ebda, new byte[1024])
        .Place(0xE0000, biosArea ?? new byte[0x20000]);

    private static (Multiboot2Info Info, byte[] Bytes) Boot(byte[]? oldRsdp, byte[]? newRsdp, uint lowerKiB = 639)
    {
        var builder = new Multiboot2InfoBuilder().BasicMemory(lowerKiB, 130048);
        if (oldRsdp is not null) builder.Tag(14, oldRsdp);
        if (newRsdp is not null) builder.Tag(15, newRsdp);
        var bytes = builder.End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out var info, out string error), Is.True, error);
        return (info, bytes);
    }

    private static (Zos.Hal.Acpi.AcpiTables Tables, string Source) Discover((Multiboot2Info Info, byte[] Bytes) boot, SimulatedPhysicalMemory memory)
    {
        bool ok = AcpiDiscovery.TryDiscover(boot.Info, boot.Bytes, memory, out var tables, out string source, out string error);
        Assert.That(ok, Is.True, error);
        Assert.That(error, Is.Null);
        return (tables, source);
    }

    private static string DiscoverError((Multiboot2Info Info, byte[] Bytes) boot, SimulatedPhysicalMemory memory)
    {
        Assert.That(AcpiDiscovery.TryDiscover(boot.Info, boot.Bytes, memory, out var tables, out _, out string error), Is.False);
        Assert.That(tables, Is.Null);
        return error;
    }

    [Test]
    public void PrefersTheAcpi2TagAndItsXsdt()
    {
        var (tables, source) = Discover(Boot(Rsdp(0, RsdtAt), Rsdp(2, RsdtAt, XsdtAt)), Firmware());

        Assert.That(source, Is.EqualTo("multiboot2 tag 15 (ACPI 2.0+ RSDP)"));
        Assert.That(tables.RootTable.Signature, Is.EqualTo("XSDT"));
        Assert.That(tables.Madt.Processors, Has.Length.EqualTo(2));
    }

    [Test]
    public void UsesTheAcpi1TagWhenThatIsAllThereIs()
    {
        var (tables, source) = Discover(Boot(Rsdp(0, RsdtAt), null), Firmware());

        Assert.That(source, Is.EqualTo("multiboot2 tag 14 (ACPI 1.0 RSDP)"));
        Assert.That(tables.RootTable.Signature, Is.EqualTo("RSDT"));
        Assert.That(tables.Madt.Processors, Has.Length.EqualTo(1));
    }

    [Test]
    public void FallsBackToTheAcpi1TagWhenTheAcpi2CopyIsBroken()
    {
        var broken = Rsdp(2, RsdtAt, XsdtAt);
        broken[30] = 0x77;

        var (tables, source) = Discover(Boot(Rsdp(0, RsdtAt), broken), Firmware());

        Assert.That(source, Is.EqualTo("multiboot2 tag 14 (ACPI 1.0 RSDP)"));
        Assert.That(tables.RootTable.Signature, Is.EqualTo("RSDT"));
    }

    [Test]
    public void ScansTheBiosAreaWithoutTags()
    {
        var area = new byte[0x20000];
        Rsdp(0, RsdtAt).CopyTo(area, 0xF5A0);

        var (tables, source) = Discover(Boot(null, null), Firmware(area));

        Assert.That(source, Is.EqualTo("BIOS area scan at 0xef5a0"));
        Assert.That(tables.Madt.Processors, Has.Length.EqualTo(1));
    }

    [Test]
    public void TheEbdaIsWhereLowerMemoryEnds()
    {
        var (info, _) = Boot(null, null, lowerKiB: 639);
        Assert.That(AcpiDiscovery.EbdaAddress(info), Is.EqualTo(0x9FC00));

        var memory = Firmware();
        memory.Place(0x9F000, [.. new byte[0x40], .. Rsdp(2, RsdtAt, XsdtAt), .. new byte[0x400]]);
        var (tables, source) = Discover(Boot(null, null, lowerKiB: 636), memory);

        Assert.That(source, Is.EqualTo("BIOS area scan at 0x9f040"));
        Assert.That(tables.RootTable.Signature, Is.EqualTo("XSDT"));
    }

    [TestCase(0u)]
    [TestCase(640u)]
    [TestCase(400u)]
    public void ALowerMemorySizeThatCannotEndAtAnEbdaGivesNone(uint lowerKiB)
    {
        Assert.That(AcpiDiscovery.EbdaAddress(Boot(null, null, lowerKiB).Info), Is.EqualTo(0));
    }

    [Test]
    public void WithoutBasicMemoryInfoTheEbdaIsUnknown()
    {
        var bytes = new Multiboot2InfoBuilder().End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out var info, out _), Is.True);

        Assert.That(AcpiDiscovery.EbdaAddress(info), Is.EqualTo(0));
    }

    [Test]
    public void NamesEverySourceThatFailed()
    {
        var broken = Rsdp(0, RsdtAt);
        broken[0] = (byte)'X';

        Assert.That(DiscoverError(Boot(broken, Rsdp(2, RsdtAt, XsdtAt)[..20]), Firmware()), Is.EqualTo(
            "multiboot2 tag 15 (ACPI 2.0+ RSDP): RSDP revision 2 is 20 bytes, shorter than the 36 of version 2; "
            + "multiboot2 tag 14 (ACPI 1.0 RSDP): RSDP signature is 'XSD PTR', not 'RSD PTR '; "
            + "BIOS area scan: no RSDP in the EBDA at 0x9fc00 or in 0xe0000-0xfffff"));
    }

    [Test]
    public void ReportsWhereTheRsdpCameFromWhenItsTablesAreBroken()
    {
        var memory = new SimulatedPhysicalMemory();

        Assert.That(DiscoverError(Boot(Rsdp(0, RsdtAt), null), memory), Is.EqualTo(
            "RSDP from multiboot2 tag 14 (ACPI 1.0 RSDP): cannot read the table header at 0x7fe0000: nothing at 0x7fe0000"));
    }
}
