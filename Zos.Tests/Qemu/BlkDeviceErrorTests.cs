namespace Zos.Tests.Qemu;

// A disk that fails: QEMU's blkdebug layer makes every request touching
// sector 64 end in EIO, which virtio-blk reports as VIRTIO_BLK_S_IOERR. The
// client gets the error with the request named; the driver stays up and
// other sectors are served.
[Category("qemu")]
public class BlkDeviceErrorTests
{
    [Test]
    public void AnIoErrorReachesTheClientAndNothingElseBreaks()
    {
        using var disk = new ScratchDisk("zos-blk-error-", 1 << 20);
        string rules = Path.Combine(disk.Folder, "blkdebug.conf");
        File.WriteAllText(rules, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"64\"\n");
        using var machine = ZosMachine.Start("-drive", $"file=blkdebug:{rules}:{disk.Image},if=none,id=d0,format=raw",
            "-device", "virtio-blk-pci,drive=d0");
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(20));

        Assert.That(machine.Command("blk read blk0 64").Trim(),
            Does.StartWith("error: read of 1 sector at sector 64 failed: the device reported an I/O error (VIRTIO_BLK_S_IOERR)"));
        Assert.That(machine.Command("blk read blk0 60 8").Trim(), Does.Contain("I/O error"), "a request that covers the sector fails too");
        Assert.That(machine.Command("blk write blk0 8 fine 4").Trim(), Is.EqualTo("written: 4 sectors at 8"));
        Assert.That(machine.Command("blk verify blk0 8 4 fine").Trim(), Is.EqualTo("verified: 4 sectors at 8"));
        var driver = DriverShell.Fields(DriverShell.Line(machine.Command("drivers"), "driver blk0 ")!);
        Assert.That((driver["state"], driver["crashes"]), Is.EqualTo(("Running", "0")), "a device error is not a driver crash");
        Assert.That(machine.Command("blk"), Does.Contain(" failed=2 "));
        BlkTests.AssertNoVirtioWarnings(machine);
    }
}
