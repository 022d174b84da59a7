using System.Text;
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

            SoakUnderCrashes.Run(machine, "blk0", "blk0", 1, "throw", "null", "hang", "port", "throw", "null", "hang", "port");

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
}
