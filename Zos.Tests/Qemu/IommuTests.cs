namespace Zos.Tests.Qemu;

// DMA checked by VT-d on the machines QEMU emulates: q35 with intel-iommu
// has a DMAR table with one remapping unit at 0xFED90000 covering each bus-0
// function, which Zos turns on (docs/iommu.md); the default pc machine has none.
[Category("qemu")]
public class IommuTests
{
    // Each disk behind the unit, on q35: its driver's device gets a domain
    // of its own, data goes through it, and a crash's recovery leaves no
    // mapping of the old incarnation (the domain maps what the new one
    // allocated, no more). Also shows what `iommu` lists.
    // A stray DMA (`inject … dma`) too, for the drivers that can commit one.
    [TestCase("nvme0", "nvme0n1", "nvme,serial=ZOS-IOMMU,drive=d0", true)]
    [TestCase("ahci0", "ahci0p0", "ide-hd,drive=d0,bus=ide.0", true)]
    // Virtio modern behind the IOMMU only when asked; the driver accepts VIRTIO_F_ACCESS_PLATFORM.
    [TestCase("blk0", "blk0", "virtio-blk-pci,drive=d0,iommu_platform=on,disable-legacy=on", false)]
    public void EachDisksDriverGetsADomainItsDataGoesThroughAndARestartLeavesNoOldMapping(string driver, string disk, string device, bool strayDma)
    {
        string image = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(image, new byte[4 << 20]);
            using var machine = ZosMachine.Start(["-machine", "q35", "-device", "intel-iommu",
                "-drive", $"file={image},if=none,id=d0,format=raw", "-device", device]);
            machine.WaitForPrompt();
            DriverShell.WaitFor(machine, driver, "Running", 1, TimeSpan.FromSeconds(30));
            Assert.That(machine.Command($"blk write {disk} 8 through-vt-d 4").Trim(), Is.EqualTo("written: 4 sectors at 8"));
            Assert.That(machine.Command($"blk verify {disk} 8 4 through-vt-d").Trim(), Is.EqualTo("verified: 4 sectors at 8"));
            string answer = machine.Command("iommu");
            Assert.That(answer, Does.StartWith("dma: checked by VT-d, faults by interrupt vector 0x"));
            Assert.That(DriverShell.Line(answer, "unit0: "), Does.StartWith("unit0: registers=0xfed90000 bytes=4096 segment=0 include_pci_all=no scopes=ioapic:0@ff:00.0,endpoint@00:00.0,"));
            Assert.That(DriverShell.Line(answer, "unit0_state: "), Does.StartWith("unit0_state: translation=on domains="));
            Assert.That(DriverShell.Line(answer, "faults: "), Is.EqualTo("faults: 0"), answer);
            var before = Domain(answer, driver);
            Assert.That(long.Parse(before["mapped_bytes"]), Is.GreaterThan(0), answer);

            Assert.That(machine.Command($"inject {driver} throw"), Does.Contain("injected"));
            DriverShell.WaitFor(machine, driver, "Running", 2, TimeSpan.FromSeconds(60));
            DriverShell.WaitForIdentity(machine, disk, 2, TimeSpan.FromSeconds(30));
            Assert.That(machine.Command($"blk verify {disk} 8 4 through-vt-d").Trim(), Is.EqualTo("verified: 4 sectors at 8"));
            var after = Domain(machine.Command("iommu"), driver);
            Assert.That((after["id"], after["buffers"], after["mapped_bytes"]), Is.EqualTo((before["id"], before["buffers"], before["mapped_bytes"])),
                "the new incarnation's buffers only: none of the old one's is still mapped");
            if (!strayDma) return;

            // A stray DMA at a kernel page while writes are in flight: blocked, recorded, the driver restarted, nothing lost.
            Assert.That(machine.Command($"blk write {disk} 64 before-stray 64").Trim(), Is.EqualTo("written: 64 sectors at 64"));
            // The kernel's log of the fault may come before the shell's answer.
            Assert.That(machine.Command($"inject {driver} dma"), Does.Contain($"injected: dma into {driver} incarnation 2\n"));
            DriverShell.WaitFor(machine, driver, "Running", 3, TimeSpan.FromSeconds(60));
            string drivers = machine.Command("drivers");
            Assert.That(DriverShell.Line(drivers, $"crash {driver} "), Does.StartWith($"crash {driver} cause=\"DMA violation\" kind=\"DMA violation\"")
                .And.Contain($"by 00:"), drivers);
            string faulted = machine.Command("iommu");
            Assert.That(DriverShell.Line(faulted, "stray_dma_target: "), Does.EndWith(": 4096 bytes unchanged"), faulted);
            Assert.That(DriverShell.Line(faulted, "faults: "), Does.Contain($"({driver}): write not permitted"), faulted);
            Assert.That(int.Parse(Domain(faulted, driver)["faults"]), Is.GreaterThanOrEqualTo(1), faulted);
            DriverShell.WaitForIdentity(machine, disk, 3, TimeSpan.FromSeconds(30));
            Assert.That(machine.Command($"blk verify {disk} 64 64 before-stray").Trim(), Is.EqualTo("verified: 64 sectors at 64"));
            Assert.That(machine.Command($"blk verify {disk} 8 4 through-vt-d").Trim(), Is.EqualTo("verified: 4 sectors at 8"));
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static Dictionary<string, string> Domain(string answer, string driver)
    {
        string? line = DriverShell.Line(answer, $"domain {driver}: ");
        Assert.That(line, Is.Not.Null, answer);
        return DriverShell.Fields(line![(line.IndexOf(':') + 2)..]);
    }

    [Test]
    public void ThePcMachineHasNoDmarTable()
    {
        using var machine = ZosMachine.Start([]);
        machine.WaitForPrompt();
        Assert.That(machine.Command("iommu").Trim(), Is.EqualTo("dma: unchecked: no DMAR table: the platform reports no DMA remapping hardware"));
        Assert.That(machine.Command("inject kbd0 dma").Trim(),
            Does.StartWith("error: inject dma needs the IOMMU to block the write: DMA is unchecked (no DMAR table: the platform reports no DMA remapping hardware)"));
    }
}
