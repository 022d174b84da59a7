using Zos.Build;

namespace Zos.Tests.Qemu;

// No shell command at its documented limits can panic the kernel: on a small
// machine, every `blk bench` at the largest size and depth gets a result or a
// clear error, and the kernel goes on.
[Category("qemu")]
public class BlkBenchMemoryTests
{
    [Test]
    public void EveryBenchAtItsMaximaOnASmallMachineAnswersWithoutAPanic()
    {
        using var disk = new ScratchDisk("zos-bench-memory-", 64 << 20);
        using var machine = ZosMachine.Start(["-m", "128M", .. new QemuDiskOptions(disk.Image, VirtioTransport.Modern, DiskCache.Writeback).Arguments()]);
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(20));
        foreach (string pattern in new[] { "seq read", "seq write", "rand read", "rand write" })
        {
            string answer = machine.Command($"blk bench blk0 {pattern} 4m 256 time=1").Trim();
            // Each request's buffer has a page more, to start its data on a page.
            Assert.That(answer, Does.Match(@"^error: a bench of 256 requests of 4194304 bytes needs 1025 MiB of kernel heap; \d+ MiB is free and a command may take half"));
        }
        string small = machine.Command("blk bench blk0 seq read 4m 4 time=1").Trim();
        Assert.That(small, Does.StartWith("bench: blk0 seq read size=4194304 depth=4 "), "a bench that fits runs");
        Assert.That(machine.Command("uptime"), Does.StartWith("uptime_ms: "), "the kernel goes on");
    }
}
