using System.Text;
using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// Transparent recovery: a client keeps writing and verifying (`blk soak`)
// while the virtio-blk driver is crashed again and again in each way; every
// request completes exactly once and correctly, the parts in flight are
// replayed to the new incarnation, and what was written before the crashes
// is still on the disk, in Zos and in the image after QEMU exits.
[Category("qemu")]
[TestFixture(VirtioTransport.Modern)]
[TestFixture(VirtioTransport.Legacy)]
public class BlkRecoveryTests
{
    private const int Sector = 512;
    private const int DiskSectors = 8192;   // 4 MiB
    private const string BeforeCrashes = "acknowledged-before-the-crashes";

    private readonly VirtioTransport _transport;

    public BlkRecoveryTests(VirtioTransport transport) => _transport = transport;

    [Test]
    public void ACrashingDriverLosesAndDuplicatesNothing()
    {
        string directory = Directory.CreateTempSubdirectory("zos-blk-recovery-").FullName;
        try
        {
            string image = Path.Combine(directory, "disk.img");
            File.WriteAllBytes(image, new byte[DiskSectors * Sector]);
            using var machine = ZosMachine.Start(new QemuDiskOptions(image, _transport, DiskCache.Writeback).Arguments());
            machine.WaitForPrompt();
            DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(20));
            Assert.That(machine.Command($"blk write blk0 0 {BeforeCrashes} 64").Trim(), Is.EqualTo("written: 64 sectors at 0"));

            Assert.That(machine.Command("blk soak blk0 start 8").Trim(), Is.EqualTo("soak: started on blk0 workers=8"));
            int incarnation = 1;
            foreach (string kind in new[] { "throw", "null", "hang", "port", "throw", "null", "hang", "port" })
            {
                WaitForProgress(machine);
                Assert.That(machine.Command($"inject blk0 {kind}").Trim(), Is.EqualTo($"injected: {kind} into blk0 incarnation {incarnation}"));
                DriverShell.WaitFor(machine, "blk0", "Running", ++incarnation, TimeSpan.FromSeconds(20));
            }
            WaitForProgress(machine);
            string stopped = machine.Command("blk soak blk0 stop");
            Assert.That(stopped, Does.Not.Contain("first problem:"), "no worker met a problem (a refused submit stops it)");
            var soak = Soak(stopped);

            Assert.That(soak["drained"], Is.EqualTo("yes"), "every request outstanding at the stop completed");
            Assert.That(soak["completed"], Is.EqualTo(soak["submitted"]), "every request completed");
            Assert.That((soak["unexpected"], soak["mismatches"], soak["failures"]), Is.EqualTo(("0", "0", "0")),
                "no request completed twice or with wrong data or an error");
            Assert.That(long.Parse(soak["replayed"]), Is.GreaterThan(0), "the crashes caught requests in flight, and they were replayed");
            var crashes = machine.Command("drivers");
            Assert.That(DriverShell.Fields(DriverShell.Line(crashes, "driver blk0 ")!)["crashes"], Is.EqualTo("8"), crashes);

            Assert.That(machine.Command($"blk verify blk0 0 64 {BeforeCrashes}").Trim(), Is.EqualTo("verified: 64 sectors at 0"));
            Assert.That(machine.Command("blk flush blk0").Trim(), Is.EqualTo("flushed: blk0"));
            machine.Send("halt");
            machine.WaitForExit(TimeSpan.FromSeconds(30));
            BlkTests.AssertNoVirtioWarnings(machine);
            string onDisk = Encoding.ASCII.GetString(File.ReadAllBytes(image), 0, 64 * Sector);
            Assert.That(onDisk, Is.EqualTo(string.Concat(Enumerable.Repeat(BeforeCrashes, 64 * Sector / BeforeCrashes.Length + 1))[..(64 * Sector)]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Until the soak has verified more rounds than at the last look.
    private static void WaitForProgress(ZosMachine machine)
    {
        long before = long.Parse(Soak(machine.Command("blk soak blk0 status"))["verified"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            var soak = Soak(machine.Command("blk soak blk0 status"));
            if (long.Parse(soak["verified"]) > before + 8) return;
        }
        Assert.Fail("the soak made no progress:\n" + machine.Command("blk soak blk0 status") + machine.Command("drivers") + machine.Command("threads"));
    }

    private static Dictionary<string, string> Soak(string answer)
    {
        Match line = Regex.Match(answer, @"(?m)^soak: blk0 .*$");
        Assert.That(line.Success, Is.True, answer);
        return DriverShell.Fields(line.Value);
    }
}
