using Zos.Hal.Acpi;
using Zos.Shell;
using Zos.Shell.Commands;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

public class AcpiCommandTests
{
    private static string Run(AcpiCommand command, params string[] arguments)
    {
        var sink = new BufferSink();
        Assert.That(command.Execute(arguments, sink), Is.Null);
        return sink.Text.ToString();
    }

    private static AcpiTables Load(SimulatedPhysicalMemory memory, byte[] rsdp)
    {
        Assert.That(RootPointer.TryParse(rsdp, out var pointer, out string error), Is.True, error);
        Assert.That(AcpiTables.TryLoad(memory, pointer, out var tables, out error), Is.True, error);
        return tables;
    }

    [Test]
    public void PrintsEveryParsedFact()
    {
        var memory = new SimulatedPhysicalMemory()
            .Place(0x1000, Xsdt(0x2000, 0x3000, 0x4000))
            .Place(0x2000, Madt(0xFEE00000, 0,
                LocalApic(0, 0, 1), LocalApic(1, 2, 2), LocalX2Apic(300, 0, 7),
                IoApic(4, 0xFEC00000, 0), IoApic(5, 0xFEC01000, 24),
                Override(0, 0, 2, 0), Override(0, 11, 20, 0x000F),
                NmiSource(0x0005, 23), LocalApicNmi(0xFF, 0, 1), LocalX2ApicNmi(0x0003, 7, 0),
                [0x0B, 4, 0, 0]))
            .Place(0x3000, Hpet(0x8086A201, 0, 0xFED00000, 0, 0x80, 0))
            .Place(0x4000, Mcfg((0xB0000000, 0, 0, 0xFF), (0xC0000000, 1, 0, 0x3F)));
        var command = new AcpiCommand(Load(memory, Rsdp(2, 0, 0x1000, oem: "BOCHS")), "multiboot2 tag 15 (ACPI 2.0+ RSDP)", null!);

        Assert.That(Run(command), Is.EqualTo("""
            rsdp: multiboot2 tag 15 (ACPI 2.0+ RSDP)
            rsdp_revision: 2
            oem: BOCHS
            root_table: XSDT at 0x1000
            tables: APIC HPET MCFG
            local_apic_address: 0xfee00000
            pcat_compat: no
            cpus: 3
            cpu0: apic_id 0 uid 0 enabled
            cpu1: apic_id 2 uid 1 online_capable
            cpu2: apic_id 300 uid 7 disabled x2apic
            ioapics: 2
            ioapic0: id 4 address 0xfec00000 gsi_base 0
            ioapic1: id 5 address 0xfec01000 gsi_base 24
            overrides: 2
            override0: bus 0 irq 0 gsi 2 polarity bus trigger bus
            override1: bus 0 irq 11 gsi 20 polarity low trigger level
            nmi_sources: 1
            nmi_source0: gsi 23 polarity high trigger edge
            local_nmis: 2
            local_nmi0: uid all lint 1 polarity bus trigger bus
            local_nmi1: uid 7 lint 0 polarity low trigger bus
            madt_skipped_entries: 1
            hpet_address: 0xfed00000
            hpet_comparators: 3
            hpet_counter_bits: 64
            hpet_min_tick: 128
            hpet_vendor: 0x8086
            mcfg_segments: 2
            mcfg0: segment 0 buses 0-255 address 0xb0000000
            mcfg1: segment 1 buses 0-63 address 0xc0000000

            """));
    }

    [Test]
    public void SaysWhichTablesAreMissingAndWhyTheXsdtWasNotUsed()
    {
        var memory = new SimulatedPhysicalMemory().Place(0x1000, Rsdt(0x2000)).Place(0x2000, Table("FACP", new byte[80])).Place(0x3000, Rsdt());
        var command = new AcpiCommand(Load(memory, Rsdp(2, 0x1000, 0x3000)), "BIOS area scan at 0xf5a40", null!);

        string answer = Run(command);

        Assert.That(answer, Does.Contain("root_table: RSDT at 0x1000\nxsdt_rejected: XSDT at 0x3000 has signature 'RSDT'\ntables: FACP\n"));
        Assert.That(answer, Does.EndWith("madt: none\nhpet: none\nmcfg_segments: 0\n"));
    }

    [Test]
    public void ReportsWhyThereAreNoTables()
    {
        var command = new AcpiCommand(null!, null!, "BIOS area scan: no RSDP in 0xe0000-0xfffff");

        Assert.That(Run(command), Is.EqualTo("acpi_error: BIOS area scan: no RSDP in 0xe0000-0xfffff\n"));
    }

    [Test]
    public void TakesNoArguments()
    {
        var command = new AcpiCommand(null!, null!, "x");

        var output = new BufferSink();
        new CommandShell([command]).Execute("acpi all", output);
        Assert.That(output.Text.ToString(), Is.EqualTo("error: acpi takes no arguments (usage: acpi)\n"));
    }
}
