using System.Text;
using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// The NVMe driver on QEMU's nvme with three namespaces on one controller:
// each its own block device named by its namespace id; what the host put in
// the images read back exactly, what Zos writes (and zeroes, and deallocates)
// found in the images after QEMU exits; a namespace whose reads fail with EIO
// (blkdebug) fails only the requests that touch the bad sector, naming the
// LBA; the driver crashed in every way under a writing client loses nothing.
// QEMU's NVMe error traces (-trace 'pci_nvme_err*', on stderr) must stay
// silent but for the EIO namespace's own.
[Category("qemu")]
public class NvmeTests() : DiskImagesFixture("zos-nvme-")
{
    [TearDown]
    public void NoWarnings() => AssertNoNvmeErrors(Machine, allowedNamespace: 3);

    // QEMU's NVMe error traces, but for the reads of a namespace that fails on purpose and,
    // when the driver was crashed with commands in flight (dmaCutOff), what follows from the
    // kernel's recovery turning the controller's bus mastering off under them: QEMU's DMA for
    // them fails (pci_nvme_err_addr_write/read) and it sets CSTS.CFS, which the next
    // incarnation's bring-up resets.
    public static void AssertNoNvmeErrors(ZosMachine machine, int allowedNamespace = 0, bool dmaCutOff = false)
    {
        string[] errors = machine.Errors.Split('\n')
            .Where(line => line.Contains("nvme") && !IsExpectedEio(line, allowedNamespace) && !(dmaCutOff && IsDmaCutOff(line))).ToArray();
        Assert.That(errors, Is.Empty, "QEMU reported NVMe errors");
    }

    public static bool IsDmaCutOff(string line) => Regex.IsMatch(line, @"pci_nvme_err_(addr_write|addr_read|cfs)\b");

    private static bool IsExpectedEio(string line, int allowedNamespace) =>
        allowedNamespace != 0 && (Regex.IsMatch(line, $@"pci_nvme_err_req_status cid \d+ nsid {allowedNamespace} status 0x281 opc 0x2")
            || Regex.IsMatch(line, @"pci_nvme_err_aio cid \d+ err 'Input/output error' status 0x281"));

    protected override ZosMachine Start()
    {
        var machine = ZosMachine.Start("-trace", "pci_nvme_err*",
            "-drive", $"file={Images.Data},if=none,id=data,format=raw,cache=writeback", "-device", "nvme,serial=ZOS-NVME-1,drive=data,id=nvme0",
            "-drive", $"file={Images.Second},if=none,id=second,format=raw,discard=unmap", "-device", "nvme-ns,drive=second,nsid=2,bus=nvme0",
            "-drive", $"file={Images.FailingFile},if=none,id=failing,format=raw", "-device", "nvme-ns,drive=failing,nsid=3,bus=nvme0");
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "nvme0", "Running", 1, TimeSpan.FromSeconds(30));
        return machine;
    }

    [Test]
    public void EachNamespaceIsListedByItsIdWithWhatTheControllerSays()
    {
        string list = Machine.Command("blk");
        var first = DriverShell.Device(list, "nvme0n1");
        var second = DriverShell.Device(list, "nvme0n2");
        Assert.That((first["state"], first["controller"], first["unit"], first["sectors"]), Is.EqualTo(("Running", "nvme0", "1", DataSectors.ToString())), list);
        Assert.That((second["unit"], second["sectors"], second["serial"], second["model"]), Is.EqualTo(("2", SecondSectors.ToString(), "ZOS-NVME-1", "QEMU NVMe Ctrl")));
        Assert.That(first["transport"], Does.Match(@"^nvme 1\.4 io_queues=1 depth=256 msi-x entry 1 vector 0x[0-9a-f]+$"),
            "one queue pair of 256 on its own MSI-X entry");
        Assert.That(second["features"], Does.StartWith("write-cache write-zeroes deallocate nsid=2 lba_format=0 lba_size=512 max_transfer=524288 firmware="));
        Assert.That((first["queue_depth"], first["flush"], first["block_size"]), Is.EqualTo(("255", "yes", "512")));
        Assert.That(list, Does.Contain("nvme0n3 "), "the failing namespace");
        Assert.That(DriverShell.Line(Machine.Command("drivers"), "status nvme0 "), Does.Contain("n2: 2 MiB in 512-byte blocks"));
        Assert.That(Machine.Command("blk id nvme0n2").Trim(), Is.EqualTo("serial: ZOS-NVME-1"));
    }

    [Test]
    public void WhatTheHostWroteIsReadBackExactly()
    {
        string dump = Machine.Command("blk read nvme0n1 1000 1");
        Assert.That(dump, Does.Contain("|" + HostText[..16] + "|"), dump);
        Assert.That(Machine.Command("blk write nvme0n2 100 second-namespace 300").Trim(), Is.EqualTo("written: 300 sectors at 100"));
        Assert.That(Machine.Command("blk verify nvme0n2 100 300 second-namespace").Trim(), Is.EqualTo("verified: 300 sectors at 100"));
        Assert.That(Machine.Command("blk read nvme0n2 4096 1").Trim(), Does.StartWith("error: sectors 4096+1 are beyond nvme0n2's 4096 sectors"));
    }

    [Test]
    public void AnIoErrorNamesTheLbaFailsOnlyItsRequestAndTheDriverStaysUp()
    {
        string crashes = DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "driver nvme0 ")!)["crashes"];
        string failed = Machine.Command("blk read nvme0n3 60 8").Trim();
        Assert.That(failed, Does.StartWith("error: Read (namespace 3, LBA 60, 8 blocks) failed: unrecovered read error (SCT 2h, SC 81h) (try 3 of 3)"), failed);
        Assert.That(Machine.Command("blk write nvme0n3 0 after-the-error 8").Trim(), Is.EqualTo("written: 8 sectors at 0"));
        Assert.That(Machine.Command("blk verify nvme0n3 0 8 after-the-error").Trim(), Is.EqualTo("verified: 8 sectors at 0"));
        Assert.That(Machine.Command("blk read nvme0n1 0 1").Trim(), Does.Not.StartWith("error"), "the other namespaces are not concerned");
        var driver = DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "driver nvme0 ")!);
        Assert.That((driver["state"], driver["crashes"]), Is.EqualTo(("Running", crashes)), "the error was handled inside the driver");
        Assert.That(DriverShell.Device(Machine.Command("blk"), "nvme0n3")["failed"], Is.EqualTo("1"));
    }

    [Test]
    public void WritesZeroesAndDeallocationsAreInTheImagesAfterQemuExits()
    {
        Assert.That(Machine.Command("blk write nvme0n1 300 zos-wrote-this 8").Trim(), Is.EqualTo("written: 8 sectors at 300"));
        Assert.That(Machine.Command("blk flush nvme0n1").Trim(), Is.EqualTo("flushed: nvme0n1"));
        Assert.That(Machine.Command("blk write nvme0n2 2000 to-be-cleared 64").Trim(), Is.EqualTo("written: 64 sectors at 2000"));
        Assert.That(Machine.Command("blk zero nvme0n2 2008 8").Trim(), Is.EqualTo("zeroed: 8 sectors at 2008"));
        Assert.That(Machine.Command("blk discard nvme0n2 2032 16").Trim(), Is.EqualTo("discarded: 16 sectors at 2032"));
        Machine.Send("halt");
        Machine.WaitForExit(TimeSpan.FromSeconds(30));
        AssertNoNvmeErrors(Machine, allowedNamespace: 3);

        byte[] image = File.ReadAllBytes(Images.Data);
        string written = Encoding.ASCII.GetString(image, 300 * Sector, 8 * Sector);
        Assert.That(written, Is.EqualTo(TestDiskImages.Pattern("zos-wrote-this", 8)));
        Assert.That(image.Skip(308 * Sector).Take(Sector), Is.All.EqualTo(0), "the sector after is untouched");
        byte[] second = File.ReadAllBytes(Images.Second);
        string pattern = TestDiskImages.Pattern("to-be-cleared", 64);
        Assert.That(second.Skip(2008 * Sector).Take(8 * Sector), Is.All.EqualTo(0), "Write Zeroes");
        Assert.That(second.Skip(2032 * Sector).Take(16 * Sector), Is.All.EqualTo(0), "deallocated (discard=unmap: QEMU punches a hole)");
        Assert.That(Encoding.ASCII.GetString(second, 2016 * Sector, 16 * Sector), Is.EqualTo(pattern.Substring(16 * Sector, 16 * Sector)),
            "between the two the writes stay");
        Assert.That(Encoding.ASCII.GetString(second, 2048 * Sector, 16 * Sector), Is.EqualTo(pattern.Substring(48 * Sector, 16 * Sector)));
        Machine.Dispose();
        Machine = Start();
    }

    [Test]
    public void ACrashingDriverLosesAndDuplicatesNothing()
    {
        int incarnation = int.Parse(DriverShell.WaitFor(Machine, "nvme0", "Running", 1, TimeSpan.FromSeconds(5))["incarnation"]);
        string before = "acknowledged-before-the-crashes";
        Assert.That(Machine.Command($"blk write nvme0n2 3000 {before} 64").Trim(), Is.EqualTo("written: 64 sectors at 3000"));

        SoakUnderCrashes.Run(Machine, "nvme0n1", "nvme0", incarnation, "throw", "null", "hang", "stall", "port", "mmio", "oom");

        Assert.That(Machine.Command($"blk verify nvme0n2 3000 64 {before}").Trim(), Is.EqualTo("verified: 64 sectors at 3000"),
            "the other namespace kept what was acknowledged");
        Assert.That(Machine.Command("blk read nvme0n1 1000 1"), Does.Contain("|" + HostText[..16] + "|"));
        Assert.That(DriverShell.Line(Machine.Command("drivers"), "device_stop nvme0 "),
            Does.StartWith("device_stop nvme0 \"wrote 0x0 to BAR 0 + 0x14; BAR 0 + 0x1c & 0x1 read 0x0 after "),
            "the kernel reset the controller (CC := 0) and saw CSTS.RDY clear before the lent buffers moved on");
    }
}
