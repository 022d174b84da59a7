using System.Text;

namespace Zos.Tests.Qemu;

// The AHCI driver on QEMU's ich9-ahci, built into q35 (where the boot CD
// sits on port 2): two disks and a failing one on one controller, each its
// own block device named by its port; what the host put in the images read
// back exactly, what Zos writes found in the image after QEMU exits; an EIO
// sector fails only the requests that touch it, naming the LBA; the driver
// crashed in every way under a writing client loses nothing. QEMU must not
// warn about AHCI.
[Category("qemu")]
public class AhciTests() : DiskImagesFixture("zos-ahci-")
{
    [TearDown]
    public void NoWarnings() => AssertNoAhciWarnings(Machine);

    public static void AssertNoAhciWarnings(ZosMachine machine) =>
        Assert.That(machine.Errors, Does.Not.Contain("ahci").IgnoreCase.And.Not.Contain("ide").IgnoreCase, "QEMU warned about the AHCI protocol");

    protected override ZosMachine Start()
    {
        var machine = ZosMachine.Start("-machine", "q35",
            "-drive", $"file={Images.Data},if=none,id=data,format=raw,cache=writeback", "-device", "ide-hd,drive=data,bus=ide.0,serial=ZOS-SATA-DATA",
            "-drive", $"file={Images.Second},if=none,id=second,format=raw", "-device", "ide-hd,drive=second,bus=ide.1,serial=ZOS-SATA-2",
            "-drive", $"file={Images.FailingFile},if=none,id=failing,format=raw", "-device", "ide-hd,drive=failing,bus=ide.3");
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "ahci0", "Running", 1, TimeSpan.FromSeconds(30));
        return machine;
    }

    [Test]
    public void EachDiskIsListedByItsPortWithWhatItSaysAboutItself()
    {
        string list = Machine.Command("blk");
        var data = DriverShell.Device(list, "ahci0p0");
        var second = DriverShell.Device(list, "ahci0p1");
        Assert.That((data["state"], data["controller"], data["unit"], data["sectors"]), Is.EqualTo(("Running", "ahci0", "0", DataSectors.ToString())), list);
        Assert.That((second["unit"], second["sectors"], second["serial"]), Is.EqualTo(("1", SecondSectors.ToString(), "ZOS-SATA-2")), list);
        Assert.That(data["model"], Is.EqualTo("QEMU HARDDISK"));
        Assert.That(data["transport"], Does.StartWith("ahci port 0 ncq 32 msi"), "QEMU's disk and HBA both have NCQ; ich9-ahci has MSI");
        Assert.That((data["queue_depth"], data["flush"]), Is.EqualTo(("32", "yes")), "cache=writeback: the disk reports its write cache on");
        Assert.That(list, Does.Contain("ahci0p3 "), "the failing disk on port 3");
        Assert.That(list, Does.Not.Contain("ahci0p2"), "the boot CD on port 2 is no block device");
        Assert.That(DriverShell.Line(Machine.Command("drivers"), "status ahci0 "), Does.Contain("p2: ATAPI (CD/DVD), not served"));
        Assert.That(Machine.Command("blk id ahci0p0").Trim(), Is.EqualTo("serial: ZOS-SATA-DATA"));
    }

    [Test]
    public void WhatTheHostWroteIsReadBackExactly()
    {
        string dump = Machine.Command("blk read ahci0p0 1000 1");
        Assert.That(dump, Does.Contain("|" + HostText[..16] + "|"), dump);
        Assert.That(Machine.Command("blk write ahci0p1 100 second-disk 300").Trim(), Is.EqualTo("written: 300 sectors at 100"));
        Assert.That(Machine.Command("blk verify ahci0p1 100 300 second-disk").Trim(), Is.EqualTo("verified: 300 sectors at 100"));
        Assert.That(Machine.Command("blk read ahci0p1 4096 1").Trim(), Does.StartWith("error: sectors 4096+1 are beyond ahci0p1's 4096 sectors"));
    }

    [Test]
    public void AnIoErrorNamesTheLbaFailsOnlyItsRequestAndTheDriverStaysUp()
    {
        string failed = Machine.Command("blk read ahci0p3 60 8").Trim();
        Assert.That(failed, Does.StartWith("error: port 3: READ FPDMA QUEUED (slot ").And.Contain("LBA 60, 8 blocks) failed: device error"), failed);
        Assert.That(Machine.Command("blk write ahci0p3 0 after-the-error 8").Trim(), Is.EqualTo("written: 8 sectors at 0"),
            "the next command after an NCQ error works");
        Assert.That(Machine.Command("blk verify ahci0p3 0 8 after-the-error").Trim(), Is.EqualTo("verified: 8 sectors at 0"));
        Assert.That(Machine.Command("blk read ahci0p0 0 1").Trim(), Does.Not.StartWith("error"), "the other disks are not concerned");
        var driver = DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "driver ahci0 ")!);
        Assert.That(driver["state"], Is.EqualTo("Running"));
        Assert.That(DriverShell.Device(Machine.Command("blk"), "ahci0p3")["failed"], Is.EqualTo("1"));
    }

    // Requests the driver answers without the disk (GetId here) do not count
    // against the requests it holds: after more of them than its channel holds,
    // it still takes a read.
    [Test]
    public void ManyRequestsAnsweredAtOnceDoNotStopTheDriverTakingMore()
    {
        string incarnation = DriverShell.WaitFor(Machine, "ahci0", "Running", 1, TimeSpan.FromSeconds(5))["incarnation"];
        for (int i = 0; i < 140; i++)
            Assert.That(Machine.Command("blk id ahci0p1").Trim(), Is.EqualTo("serial: ZOS-SATA-2"), $"request {i}");
        Assert.That(Machine.Command("blk read ahci0p1 0 1").Trim(), Does.Not.StartWith("error"));
        Assert.That(DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "driver ahci0 ")!)["incarnation"], Is.EqualTo(incarnation),
            "served by the same incarnation, not by a restart after a missed deadline");
    }

    [Test]
    public void WritesAreInTheImageAfterQemuExits()
    {
        Assert.That(Machine.Command("blk write ahci0p0 300 zos-wrote-this 8").Trim(), Is.EqualTo("written: 8 sectors at 300"));
        Assert.That(Machine.Command("blk flush ahci0p0").Trim(), Is.EqualTo("flushed: ahci0p0"));
        Machine.Send("halt");
        Machine.WaitForExit(TimeSpan.FromSeconds(30));
        AssertNoAhciWarnings(Machine);
        byte[] image = File.ReadAllBytes(Images.Data);
        string written = Encoding.ASCII.GetString(image, 300 * Sector, 8 * Sector);
        Assert.That(written, Is.EqualTo(TestDiskImages.Pattern("zos-wrote-this", 8)));
        Assert.That(image.Skip(308 * Sector).Take(Sector), Is.All.EqualTo(0), "the sector after is untouched");
        Machine.Dispose();
        Machine = Start();
    }

    [Test]
    public void ACrashingDriverLosesAndDuplicatesNothing()
    {
        int incarnation = int.Parse(DriverShell.WaitFor(Machine, "ahci0", "Running", 1, TimeSpan.FromSeconds(5))["incarnation"]);
        string before = "acknowledged-before-the-crashes";
        Assert.That(Machine.Command($"blk write ahci0p1 2000 {before} 64").Trim(), Is.EqualTo("written: 64 sectors at 2000"));

        SoakUnderCrashes.Run(Machine, "ahci0p0", "ahci0", incarnation, "throw", "null", "hang", "stall", "port", "mmio", "oom");

        Assert.That(Machine.Command($"blk verify ahci0p1 2000 64 {before}").Trim(), Is.EqualTo("verified: 64 sectors at 2000"),
            "the other disk kept what was acknowledged");
        Assert.That(Machine.Command("blk read ahci0p0 1000 1"), Does.Contain("|" + HostText[..16] + "|"));
    }
}
