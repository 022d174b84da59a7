using Zos.Hal.Acpi;
using Zos.Hal.Capabilities;
using Zos.Kernel.Iommu;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Iommu;
using Zos.Shell.Commands;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

// `iommu`: whether DMA is checked and why not, then the DMAR table's units,
// scopes and reserved regions, one line each.
public class IommuCommandTests
{
    private static string Run(AcpiTables? tables, string? uncheckedReason = null)
    {
        var output = new BufferSink();
        Assert.That(new IommuCommand(tables!, null!, uncheckedReason ?? IommuTranslation.WhyNoTable(tables)!, null!, [], () => null!).Execute([], output), Is.Null);
        return output.Text.ToString().Replace("\r", "");
    }

    private static AcpiTables Loaded(byte[]? dmar)
    {
        var memory = new SimulatedPhysicalMemory().Place(0x7FE0000, dmar is null ? Rsdt() : Rsdt(0x7FE1000));
        if (dmar is not null) memory.Place(0x7FE1000, dmar);
        Assert.That(RootPointer.TryParse(Rsdp(0, 0x7FE0000), out var rsdp, out string error), Is.True, error);
        Assert.That(AcpiTables.TryLoad(memory, rsdp, out var tables, out error), Is.True, error);
        return tables;
    }

    [Test]
    public void QemusQ35WithIntelIommuTurnedOffShowsItsUnitAndEveryScopeAndDmaUnchecked()
    {
        Assert.That(Run(Loaded(DmarTableTests.QemuQ35Dmar()), "turned off on the kernel command line (iommu=off)"), Is.EqualTo(
            "dma: unchecked: turned off on the kernel command line (iommu=off)\n"
            + "dmar_host_address_width: 39\n"
            + "dmar_flags: interrupt_remapping=no x2apic_opt_out=no dma_control_opt_in=no\n"
            + "unit0: registers=0xfed90000 bytes=4096 segment=0 include_pci_all=no "
            + "scopes=ioapic:0@ff:00.0,endpoint@00:00.0,endpoint@00:01.0,endpoint@00:03.0,endpoint@00:1f.0,endpoint@00:1f.2,endpoint@00:1f.3\n"));
    }

    [Test]
    public void WithoutADmarTableOrWithABadOneDmaIsUncheckedAndTheLineSaysWhy()
    {
        Assert.That(Run(Loaded(null)), Is.EqualTo("dma: unchecked: no DMAR table: the platform reports no DMA remapping hardware\n"));
        byte[] bad = DmarTableTests.FixLength(Resum(DmarTableTests.QemuQ35Dmar()[..^1]));
        Assert.That(Run(Loaded(bad)), Is.EqualTo("dma: unchecked: the DMAR table is malformed: "
            + "DMAR structure of type 0 at offset 0x30 runs past the end of the table (length 72, 71 bytes left)\n"));
        Assert.That(Run(null), Is.EqualTo("dma: unchecked: no DMAR table: the platform reports no DMA remapping hardware\n"),
            "no ACPI tables at all");
    }

    [Test]
    public void WithTranslationOnItListsEachUnitsStateEachDomainTheUncheckedAndTheFaults()
    {
        AcpiTables tables = Loaded(DmarTableTests.QemuQ35Dmar());
        var frames = new TableFrames(16);
        var hardware = new SimulatedVtd(frames.Memory);
        frames.Memory.Map(0xFED90000, 0x1000, hardware);
        var translation = IommuTranslation.Start(tables.Dmar!.Units, tables.Dmar.ReservedRegions, 39, frames.Memory, frames.Tables);
        var nvme = new TestOwner("nvme0");
        Assert.That(translation.Attach(nvme, 0x0018), Is.Null);
        Assert.That(translation.Map(nvme, 0x10_0000, 0x10_0000, 8192, CapabilityRights.ReadWrite), Is.Null);
        Assert.That(hardware.DmaWrite(0x0010, 0x10_0000, new byte[4]), Is.False, "00:02.0 is in the unit's scope and attached to nothing");
        translation.TakeFaults((_, _) => { });
        var output = new BufferSink();

        Assert.That(new IommuCommand(tables, translation, null!, "interrupt vector 0x70", ["edu0: no remapping unit covers 00:04.0, its DMA is unchecked"],
            () => "0x343000: 4096 bytes unchanged").Execute([], output), Is.Null);

        string[] lines = output.Text.ToString().Replace("\r", "").Split('\n');
        Assert.That(lines[0], Is.EqualTo("dma: checked by VT-d, faults by interrupt vector 0x70"));
        Assert.That(lines.Skip(4), Is.EqualTo(new[]
        {
            "unit0_state: translation=on domains=1 faults=1 overflows=0",
            "domain nvme0: id=1 device=00:03.0 buffers=1 mapped_bytes=8192 faults=0",
            "unchecked edu0: no remapping unit covers 00:04.0, its DMA is unchecked",
            "mapping_cost: maps=1 map_us=0 unmaps=0 unmap_us=0",
            "faults: 1 last: write at 0x100000 by 00:02.0: context entry not present",
            "stray_dma_target: 0x343000: 4096 bytes unchanged",
            "",
        }));
    }
}
