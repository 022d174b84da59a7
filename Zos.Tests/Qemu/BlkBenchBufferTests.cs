using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// `blk bench` starts every request's data on a page, as fio does: QEMU
// reading or writing the host file with O_DIRECT (cache=none) copies a
// request whose memory is not aligned through a bounce buffer of its own.
// QEMU's NVMe traces each command's PRPs: PRP1, the first byte, must be at
// offset 0 of its page for every request the bench sends.
[Category("qemu")]
public class BlkBenchBufferTests
{
    [Test]
    public void EveryBenchRequestStartsOnAPage()
    {
        using var disk = new ScratchDisk("zos-bench-buffers-", 16 << 20);
        using var machine = ZosMachine.Start(["-trace", "pci_nvme_map_prp", .. QemuDiskOptions.Nvme(disk.Image, DiskCache.None).Arguments()]);
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "nvme0", "Running", 1, TimeSpan.FromSeconds(30));
        int before = machine.Errors.Length;
        foreach (string bench in new[] { "seq read 1m 1", "rand write 4k 8", "seq write 64k 3" })
            Assert.That(machine.Command($"blk bench nvme0n1 {bench} time=1 ramp=0").Trim(), Does.StartWith("bench: nvme0n1 ").And.Contain(" failed=0 "));

        var firstBytes = Regex.Matches(machine.Errors[before..], @"pci_nvme_map_prp .*prp1 0x([0-9a-f]+)")
            .Select(match => Convert.ToUInt64(match.Groups[1].Value, 16)).ToList();
        Assert.That(firstBytes, Has.Count.GreaterThan(10), "QEMU traced the bench's commands");
        Assert.That(firstBytes.Where(address => address % 4096 != 0), Is.Empty, "requests whose data does not start on a page");
    }
}
