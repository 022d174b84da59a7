namespace Zos.Tests.Qemu;

// `iommu` on the machines QEMU emulates: q35 with intel-iommu has a DMAR
// table with one remapping unit at 0xFED90000 covering each bus-0 function;
// the default pc machine has none. DMA is unchecked on both (docs/iommu.md),
// and the disk on the VT-d machine works as before.
[Category("qemu")]
public class IommuTests
{
    [Test]
    public void Q35WithIntelIommuListsItsUnitAndTheDisksDmaStillWorks()
    {
        string image = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(image, new byte[4 << 20]);
            using var machine = ZosMachine.Start(["-machine", "q35", "-device", "intel-iommu",
                "-drive", $"file={image},if=none,id=d0,format=raw", "-device", "nvme,serial=ZOS-IOMMU,drive=d0"]);
            machine.WaitForPrompt();
            string answer = machine.Command("iommu");
            Assert.That(answer, Does.StartWith("dma: unchecked: Zos does not turn VT-d translation on yet\ndmar_host_address_width: 39\n"));
            string unit = DriverShell.Line(answer, "unit0: ")!;
            Assert.That(unit, Does.StartWith("unit0: registers=0xfed90000 bytes=4096 segment=0 include_pci_all=no scopes=ioapic:0@ff:00.0,endpoint@00:00.0,endpoint@00:01.0,endpoint@00:02.0,endpoint@00:03.0,"));
            DriverShell.WaitFor(machine, "nvme0", "Running", 1, TimeSpan.FromSeconds(30));
            Assert.That(machine.Command("blk write nvme0n1 8 through-no-iommu 4").Trim(), Is.EqualTo("written: 4 sectors at 8"));
            Assert.That(machine.Command("blk verify nvme0n1 8 4 through-no-iommu").Trim(), Is.EqualTo("verified: 4 sectors at 8"));
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Test]
    public void ThePcMachineHasNoDmarTable()
    {
        using var machine = ZosMachine.Start([]);
        machine.WaitForPrompt();
        Assert.That(machine.Command("iommu").Trim(), Is.EqualTo("dma: unchecked: no DMAR table: the platform reports no DMA remapping hardware"));
    }
}
