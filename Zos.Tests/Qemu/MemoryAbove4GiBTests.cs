using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// With 6 GiB, QEMU puts 3 GiB of RAM above 4 GiB: the kernel maps and uses
// all of it, the heap lives up there (memory below 4 GiB is kept for 32-bit
// DMA and page tables), the collector works on it, and a disk whose DMA stops
// at 4 GiB still reads and writes heap buffers (its driver copies them).
[Category("qemu")]
public class MemoryAbove4GiBTests
{
    [Test]
    public void AllSixGiBAreUsableAndTheHeapAboveFourGiBServesTheCollectorAndTheDisk()
    {
        using var disk = new ScratchDisk("zos-6g-", 16 << 20);
        using var machine = ZosMachine.Start(["-m", "6G", .. new QemuDiskOptions(disk.Image, VirtioTransport.Modern, DiskCache.Writeback).Arguments()]);
        machine.WaitForPrompt();
        var mem = Regex.Matches(machine.Command("mem"), @"(?m)^(\w+): (0x[0-9a-f]+|\d+)$")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.That(ulong.Parse(mem["usable_bytes"]), Is.GreaterThan((6UL << 30) - (64UL << 20)), "all of the RAM the firmware reports");
        Assert.That(ulong.Parse(mem["unused_bytes"]), Is.LessThan(1UL << 20));
        Assert.That(Convert.ToUInt64(mem["heap_base"], 16), Is.GreaterThanOrEqualTo(1UL << 32), "the heap lives above 4 GiB");
        Assert.That(ulong.Parse(mem["heap_capacity_bytes"]), Is.GreaterThan(2UL << 30));

        Assert.That(machine.Command("test memory.gc_soak"), Does.Contain("test memory.gc_soak: pass"));
        DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(20));
        Assert.That(machine.Command("blk write blk0 16 above-4-gib 64").Trim(), Is.EqualTo("written: 64 sectors at 16"));
        Assert.That(machine.Command("blk verify blk0 16 64 above-4-gib").Trim(), Is.EqualTo("verified: 64 sectors at 16"));
    }
}
