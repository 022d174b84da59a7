using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// What the `acpi` command reports on the machines QEMU really emulates: the
// default pc machine the other tests boot (two CPUs from -smp 2), and q35,
// which adds the PCI Express MCFG table.
[Category("qemu")]
public class AcpiTests
{
    private static (string Boot, Dictionary<string, string> Values) RunAcpi(params string[] qemuArguments)
    {
        using var machine = ZosMachine.Start(qemuArguments);
        machine.WaitForPrompt();
        string answer = machine.Command("acpi");
        var values = Regex.Matches(answer, @"(?m)^(\w+): (.*)$").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return (machine.Output, values);
    }

    [Test]
    public void PcMachineHasTwoCpusOneIoApicTheTimerOverrideAndAnHpet()
    {
        var (boot, acpi) = RunAcpi();

        Assert.That(boot, Does.Not.Contain("warning: no ACPI tables"));
        Assert.That(acpi.ContainsKey("acpi_error"), Is.False, acpi.GetValueOrDefault("acpi_error"));
        Assert.That(acpi["rsdp"], Does.StartWith("multiboot2 tag 1"));
        Assert.That(acpi["oem"], Is.EqualTo("BOCHS"));
        Assert.That(acpi["tables"].Split(' '), Does.Contain("FACP").And.Contain("APIC").And.Contain("HPET").And.Not.Contain("MCFG"));
        Assert.That(acpi["local_apic_address"], Is.EqualTo("0xfee00000"));
        Assert.That(acpi["pcat_compat"], Is.EqualTo("yes"));
        Assert.That(acpi["cpus"], Is.EqualTo("2"));
        Assert.That(acpi["cpu0"], Is.EqualTo("apic_id 0 uid 0 enabled"));
        Assert.That(acpi["cpu1"], Is.EqualTo("apic_id 1 uid 1 enabled"));
        Assert.That(acpi["ioapics"], Is.EqualTo("1"));
        Assert.That(acpi["ioapic0"], Does.Match(@"^id \d+ address 0xfec00000 gsi_base 0$"));
        Assert.That(acpi["override0"], Is.EqualTo("bus 0 irq 0 gsi 2 polarity bus trigger bus"));
        Assert.That(acpi["local_nmi0"], Is.EqualTo("uid all lint 1 polarity bus trigger bus"));
        Assert.That(acpi["hpet_address"], Is.EqualTo("0xfed00000"));
        Assert.That(int.Parse(acpi["hpet_comparators"]), Is.InRange(3, 32));
        Assert.That(acpi["hpet_counter_bits"], Is.EqualTo("64"));
        Assert.That(acpi["mcfg_segments"], Is.EqualTo("0"));
    }

    [Test]
    public void Q35MachineHasAnMcfgSegment()
    {
        var (_, acpi) = RunAcpi("-machine", "q35");

        Assert.That(acpi["tables"].Split(' '), Does.Contain("MCFG"));
        Assert.That(acpi["mcfg_segments"], Is.EqualTo("1"));
        Assert.That(acpi["mcfg0"], Is.EqualTo("segment 0 buses 0-255 address 0xb0000000"));
        Assert.That(acpi["cpus"], Is.EqualTo("2"));
    }
}
