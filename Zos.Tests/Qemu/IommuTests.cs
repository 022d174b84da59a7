namespace Zos.Tests.Qemu;

// DMA checked by VT-d on the machines QEMU emulates: q35 with intel-iommu
// has a DMAR table with one remapping unit at 0xFED90000 covering each bus-0
// function, which Zos turns on (docs/iommu.md); the default pc machine has none.
[Category("qemu")]
public class IommuTests
{
    // Each disk behind the unit, on q35: its driver's device gets a domain
    // of its own, data goes through it, a soak keeps verifying through a
    // crash and a stray DMA (`inject … dma`, blocked), and the recoveries
    // leave no mapping of an old incarnation (the domain maps what the newest
    // one allocated, no more). Also shows what `iommu` lists.
    [TestCase("nvme0", "nvme0n1", "nvme,serial=ZOS-IOMMU,drive=d0")]
    [TestCase("ahci0", "ahci0p0", "ide-hd,drive=d0,bus=ide.0")]
    // Virtio modern goes through the IOMMU only when asked to; the driver accepts VIRTIO_F_ACCESS_PLATFORM.
    [TestCase("blk0", "blk0", "virtio-blk-pci,drive=d0,iommu_platform=on,disable-legacy=on")]
    public void EachDisksDriverGetsADomainAndASoakSurvivesACrashAndABlockedStrayDma(string driver, string disk, string device)
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
            if (driver == "blk0")
                Assert.That(DriverShell.Device(machine.Command("blk"), disk)["features"], Does.Contain("access-platform"), "else QEMU's virtio bypasses VT-d");
            Assert.That(long.Parse(before["mapped_bytes"]), Is.GreaterThan(0), answer);

            // Crashes under a soak that verifies what it wrote: one the driver commits, one its device does (blocked).
            SoakUnderCrashes.Run(machine, disk, driver, 1, "throw", "dma");
            AssertStrayDmaWasBlocked(machine, driver);
            var after = Domain(machine.Command("iommu"), driver);
            Assert.That((after["id"], after["buffers"], after["mapped_bytes"]), Is.EqualTo((before["id"], before["buffers"], before["mapped_bytes"])),
                "the newest incarnation's buffers only: none of an old one's is still mapped, and no loan outlived its request");
        }
        finally
        {
            File.Delete(image);
        }
    }

    // edu's DMA engine reaches its pool's buffers through its domain, and nothing else.
    [Test]
    public void EdusDmaRoundTripsGoThroughItsDomainAndAStrayOneIsBlocked()
    {
        using var machine = ZosMachine.Start(["-machine", "q35", "-device", "intel-iommu", "-device", "edu"]);
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "edu", "Running", 1, TimeSpan.FromSeconds(30));
        Assert.That(DriverShell.Line(machine.Command("edu dma 3000"), "dma_equal: "), Is.EqualTo("dma_equal: 3000"));
        Assert.That(Domain(machine.Command("iommu"), "edu")["mapped_bytes"], Is.EqualTo("0"), "its buffers were freed after the round trip");

        string injected = machine.Command("inject edu dma");
        Assert.That(DriverShell.Line(injected, "injected: "), Is.EqualTo("injected: dma into edu incarnation 1"), injected);
        DriverShell.WaitFor(machine, "edu", "Running", 2, TimeSpan.FromSeconds(60));
        AssertStrayDmaWasBlocked(machine, "edu");

        Assert.That(DriverShell.Line(machine.Command("edu dma 64"), "dma_equal: "), Is.EqualTo("dma_equal: 64"));
    }

    // After `inject <driver> dma`: the page untouched, the fault the driver's, its last crash a DMA violation.
    private static void AssertStrayDmaWasBlocked(ZosMachine machine, string driver)
    {
        string drivers = machine.Command("drivers");
        Assert.That(DriverShell.Line(drivers, $"crash {driver} "), Does.StartWith($"crash {driver} cause=\"DMA violation\" kind=\"DMA violation\"")
            .And.Contain($"({driver}): write not permitted"), drivers);
        string iommu = machine.Command("iommu");
        Assert.That(DriverShell.Line(iommu, "stray_dma_target: "), Does.EndWith(": 4096 bytes unchanged"), iommu);
        Assert.That(DriverShell.Line(iommu, "faults: "), Does.Contain($"({driver}): write not permitted"), iommu);
        Assert.That(int.Parse(Domain(iommu, driver)["faults"]), Is.GreaterThanOrEqualTo(1), iommu);
    }

    private static Dictionary<string, string> Domain(string answer, string driver)
    {
        string line = DriverShell.Line(answer, $"domain {driver}: ") ?? throw new AssertionException($"no domain {driver} in:\n{answer}");
        return DriverShell.Fields(line[(line.IndexOf(':') + 2)..]);
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
