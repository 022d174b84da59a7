using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// What `pci` lists on the machines QEMU emulates, with its edu device: the
// pc machine (no MCFG: legacy ports), q35 (ECAM from the MCFG), and a
// PCI-to-PCI bridge with edu behind it.
[Category("qemu")]
public class PciTests
{
    private const string EduBar0 = @"bar0=mem32:0x[0-9a-f]+:0x100000( |$)";

    private sealed record Listing(Dictionary<string, string> Functions, Dictionary<string, string> Summary, string Text);

    private static Listing RunPci(params string[] qemuArguments)
    {
        using var machine = ZosMachine.Start(qemuArguments);
        machine.WaitForPrompt();
        string answer = machine.Command("pci");
        return new Listing(
            Regex.Matches(answer, @"(?m)^pci ([0-9a-f:.]+) (.*)$").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value),
            Regex.Matches(answer, @"(?m)^(pci_\w+): (.*)$").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value),
            answer);
    }

    private static string Edu(Listing listing)
    {
        var edu = listing.Functions.Where(f => f.Value.StartsWith("id=1234:11e8 ")).ToArray();
        Assert.That(edu, Has.Length.EqualTo(1), listing.Text);
        return edu[0].Key;
    }

    private static void AssertEdu(string line)
    {
        Assert.That(line, Does.Contain("class=00.ff.00 "));
        Assert.That(line, Does.Match(EduBar0));
        Assert.That(line, Does.Contain(" msi=64bit "));
        Assert.That(line, Does.Contain(" msix=no"));
        Assert.That(line, Does.Contain(" irq_pin=A "));
    }

    [Test]
    public void PcMachineListsTheHostBridgeAndEduThroughTheLegacyPorts()
    {
        var pci = RunPci("-device", "edu");

        Assert.That(pci.Summary["pci_config"], Is.EqualTo("legacy (no MCFG table)"));
        Assert.That(pci.Summary["pci_problems"], Is.EqualTo("0"), pci.Text);
        Assert.That(pci.Functions["00:00.0"], Does.StartWith("id=8086:1237 class=06.00.00 "));
        // The PIIX3 is multi-function: its IDE function 1 is found.
        Assert.That(pci.Functions["00:01.0"], Does.Contain("header=0+multi"));
        Assert.That(pci.Functions["00:01.1"], Does.StartWith("id=8086:7010 class=01.01.").And.Contain("bar4=io:0x"));
        AssertEdu(pci.Functions[Edu(pci)]);
    }

    [Test]
    public void Q35MachineUsesEcam()
    {
        var pci = RunPci("-machine", "q35", "-device", "edu");

        Assert.That(pci.Summary["pci_config"], Is.EqualTo("ecam segment 0 buses 0-255 at 0xb0000000"));
        Assert.That(pci.Summary["pci_problems"], Is.EqualTo("0"), pci.Text);
        Assert.That(pci.Functions["00:00.0"], Does.StartWith("id=8086:29c0 class=06.00.00 "));
        AssertEdu(pci.Functions[Edu(pci)]);
        // The e1000e NIC q35 adds has MSI-X in its BAR 3.
        Assert.That(pci.Functions.Values.Single(f => f.StartsWith("id=8086:10d3 ")), Does.Contain(" msix=5@bar3+0x0 "));
    }

    [Test]
    public void FollowsABridgeToEduOnItsSecondaryBus()
    {
        var pci = RunPci("-device", "pci-bridge,id=bridge1,chassis_nr=1,addr=5", "-device", "edu,bus=bridge1,addr=1");

        Assert.That(pci.Functions["00:05.0"], Does.StartWith("id=1b36:0001 class=06.04.00 ").And.Contain(" header=1 buses=1-1 "));
        Assert.That(Edu(pci), Is.EqualTo("01:01.0"));
        AssertEdu(pci.Functions["01:01.0"]);
        Assert.That(pci.Summary["pci_buses"], Is.EqualTo("2"));
        Assert.That(pci.Summary["pci_problems"], Is.EqualTo("0"), pci.Text);
    }

    [Test]
    public void EduMsiIsDeliveredThroughEcam()
    {
        using var machine = ZosMachine.Start("-machine", "q35", "-device", "edu");
        machine.WaitForPrompt();
        Assert.That(machine.Command("test pci.edu_msi"), Does.Contain("test pci.edu_msi: pass"));
    }
}
