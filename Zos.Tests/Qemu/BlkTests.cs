using System.Text;
using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// The virtio-blk driver and the block service on QEMU's virtio-blk-pci, once
// per transport: two disks at once (blk0 read-write, blk1 read-only), data
// the host put in the images read back exactly, data Zos writes found in the
// image, bad requests refused with the reason. QEMU must not warn about virtio.
[Category("qemu")]
[TestFixture(VirtioTransport.Modern)]
[TestFixture(VirtioTransport.Legacy)]
public class BlkTests
{
    private const int Sector = 512;
    private const int DataSectors = 4096;       // 2 MiB
    private const int ReadOnlySectors = 2048;   // 1 MiB
    private const string HostText = "written-by-the-host";

    private readonly VirtioTransport _transport;
    private string _directory = null!;
    private string _data = null!;
    private string _readOnly = null!;
    private ZosMachine _machine = null!;

    public BlkTests(VirtioTransport transport) => _transport = transport;

    [OneTimeSetUp]
    public void Boot()
    {
        _directory = Directory.CreateTempSubdirectory("zos-blk-").FullName;
        _data = DataImage();
        _readOnly = ReadOnlyImage();
        _machine = StartWithDisks();
    }

    [OneTimeTearDown]
    public void ShutDown()
    {
        _machine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void BothDisksAreListedWithWhatTheDevicesSay()
    {
        string list = _machine.Command("blk");
        var blk0 = DriverShell.Device(list, "blk0");
        var blk1 = DriverShell.Device(list, "blk1");
        string kind = _transport == VirtioTransport.Modern ? "modern" : "legacy";
        Assert.That((blk0["state"], blk0["sectors"], blk0["read_only"]), Is.EqualTo(("Running", DataSectors.ToString(), "no")), list);
        Assert.That((blk1["state"], blk1["sectors"], blk1["read_only"]), Is.EqualTo(("Running", ReadOnlySectors.ToString(), "yes")), list);
        Assert.That(blk0["transport"], Does.StartWith(kind + " "));
        Assert.That(blk1["features"], Does.Contain("read-only"));
        Assert.That(int.Parse(blk0["max_sectors"]), Is.GreaterThan(0));
        Assert.That(_machine.Command("blk id blk0").Trim(), Is.EqualTo("serial: ZOS-DATA-" + kind.ToUpperInvariant()));
    }

    // The block service lends client memory for reads and writes, so a new
    // incarnation allocates (and zeroes) no bounce buffer until a request needs
    // one: GetId's 20 bytes are copied through one, 128 KiB.
    [Test]
    public void ARestartedDriverAllocatesABounceBufferOnlyWhenARequestNeedsOne()
    {
        int incarnation = int.Parse(DriverShell.WaitFor(_machine, "blk1", "Running", 1, TimeSpan.FromSeconds(20))["incarnation"]);
        _machine.Command("inject blk1 throw");
        DriverShell.WaitFor(_machine, "blk1", "Running", incarnation + 1, TimeSpan.FromSeconds(20));
        long PoolBytes() => long.Parse(Regex.Match(DriverShell.Line(_machine.Command("drivers"), "holds blk1 ")!, "\"dma pool (\\d+)/").Groups[1].Value);

        long started = PoolBytes();
        Assert.That(started, Is.LessThan(128 * 1024), "the ring, indirect tables and request headers only");
        Assert.That(_machine.Command("blk id blk1").Trim(), Does.StartWith("serial:"));
        Assert.That(PoolBytes() - started, Is.EqualTo(128 * 1024), "one bounce buffer for GetId");
    }

    [Test]
    public void WhatTheHostWroteIsReadBackExactly()
    {
        string dump = _machine.Command("blk read blk0 5");
        Assert.That(dump, Does.Contain($"|{HostText[..16]}|"), "sector 5 starts with the host's text");
        Assert.That(_machine.Command($"blk verify blk0 100 64 {HostPattern}").Trim(), Is.EqualTo("verified: 64 sectors at 100"));
        Assert.That(_machine.Command($"blk verify blk0 {DataSectors - 1} 1 {LastPattern}").Trim(), Is.EqualTo($"verified: 1 sectors at {DataSectors - 1}"));
        Assert.That(_machine.Command("blk verify blk0 100 2 other-pattern").Trim(), Does.StartWith("error: mismatch at sector 100 byte 0"),
            "verify can fail");
    }

    [Test]
    public void LargeRequestsAreSplitAndComeBackWhole()
    {
        // 1 MiB: several driver requests.
        Assert.That(_machine.Command("blk write blk0 1024 large-write 2048").Trim(), Is.EqualTo("written: 2048 sectors at 1024"));
        Assert.That(_machine.Command("blk verify blk0 1024 2048 large-write").Trim(), Is.EqualTo("verified: 2048 sectors at 1024"));
        Assert.That(_machine.Command("blk flush blk0").Trim(), Is.EqualTo("flushed: blk0"));
    }

    [Test]
    public void TheReadOnlyDiskRefusesWritesAndKeepsItsContent()
    {
        Assert.That(_machine.Command("blk write blk1 0 nope").Trim(), Does.StartWith("error: blk1 is read-only ("));
        string dump = _machine.Command("blk read blk1 3");
        Assert.That(dump, Does.StartWith("00000600: a3 a3 a3"), "sector 3 holds 0xa3 from the host");
        Assert.That(File.ReadAllBytes(_readOnly)[3 * Sector], Is.EqualTo(0xA3));
    }

    [Test]
    public void ABenchOfWritesToTheReadOnlyDiskCountsNoFailureAsDone()
    {
        string answer = _machine.Command("blk bench blk1 seq write 4k 4 time=1 ramp=0");
        var fields = answer.Split('\n')[0].Split(' ').Where(f => f.Contains('=')).ToDictionary(f => f.Split('=')[0], f => f.Split('=')[1]);
        Assert.That(int.Parse(fields["failed"]), Is.GreaterThan(0), answer);
        Assert.That((fields["requests"], fields["bytes"], fields["iops"]), Is.EqualTo(("0", "0", "0")), answer);
        Assert.That(answer, Does.Contain("first error: blk1 is read-only"));
    }

    [Test]
    public void BadRequestsGetTheReason()
    {
        Assert.That(_machine.Command($"blk read blk0 {DataSectors}").Trim(),
            Does.StartWith($"error: sectors {DataSectors}+1 are beyond blk0's {DataSectors} sectors ("));
        Assert.That(_machine.Command("blk read blk9 0").Trim(), Does.StartWith("error: no block device named 'blk9' (see blk)"));
        Assert.That(_machine.Command("blk write blk0 0 has space").Trim(), Does.StartWith("error: "));
        Assert.That(_machine.Command("blk bench blk0 seq sideways").Trim(), Does.StartWith("error: 'sideways' is neither read nor write"));
        Assert.That(_machine.Command("blk").Trim(), Does.Contain("blk0 state=Running"), "the shell and the device go on");
    }

    // The same driver on the device's INTx line (shared, so it reads the ISR
    // to claim and deassert it) instead of its MSI-X vector.
    [Test]
    public void TheDriverAlsoServesOnItsIntxLine()
    {
        int incarnation = int.Parse(DriverShell.Fields(DriverShell.Line(_machine.Command("drivers"), "driver blk0 ")!)["incarnation"]);
        Assert.That(_machine.Command("irqmode blk0 intx").Trim(), Does.StartWith("irqmode blk0 intx now=msi-x"));
        _machine.Command("inject blk0 throw");
        Assert.That(DriverShell.WaitForIdentity(_machine, "blk0", incarnation + 1, TimeSpan.FromSeconds(20))["transport"], Does.EndWith(" intx"));
        string device = DriverShell.Fields(DriverShell.Line(_machine.Command("drivers"), "driver blk0 ")!)["device"];
        int line = int.Parse(Regex.Match(_machine.Command("pci"), $@"(?m)^pci {Regex.Escape(device)} .*irq_line=(\d+)").Groups[1].Value);
        long before = LineCount(line);
        Assert.That(_machine.Command("blk write blk0 600 on-the-line 300").Trim(), Is.EqualTo("written: 300 sectors at 600"));
        Assert.That(_machine.Command("blk verify blk0 600 300 on-the-line").Trim(), Is.EqualTo("verified: 300 sectors at 600"));
        Assert.That(LineCount(line), Is.GreaterThan(before), $"the disk's own line {line} counted its interrupts");
        Assert.That(_machine.Command("irqmode blk0 auto").Trim(), Does.StartWith("irqmode blk0 auto now=intx"));
        _machine.Command("inject blk0 throw");
        Assert.That(DriverShell.WaitForIdentity(_machine, "blk0", incarnation + 2, TimeSpan.FromSeconds(20))["transport"], Does.EndWith(" msi-x"));
    }

    private long LineCount(int line) =>
        long.Parse(Regex.Match(_machine.Command("irq"), $@"(?m)^irq {line} .*count=(\d+)").Groups[1].Value);

    // Written in Zos, read in the image once QEMU has exited.
    [Test]
    public void WhatZosWritesIsInTheImageAfterQemuExits()
    {
        Assert.That(_machine.Command("blk write blk0 300 zos-wrote-this 8").Trim(), Is.EqualTo("written: 8 sectors at 300"));
        Assert.That(_machine.Command("blk flush blk0").Trim(), Is.EqualTo("flushed: blk0"));
        _machine.Send("halt");
        _machine.WaitForExit(TimeSpan.FromSeconds(30));
        AssertNoVirtioWarnings(_machine);
        byte[] image = File.ReadAllBytes(_data);
        string written = Encoding.ASCII.GetString(image, 300 * Sector, 8 * Sector);
        Assert.That(written, Is.EqualTo(string.Concat(Enumerable.Repeat("zos-wrote-this", 8 * Sector / 14 + 1)).Substring(0, 8 * Sector)));
        Assert.That(image.Skip(308 * Sector).Take(Sector), Is.All.EqualTo(0), "the sector after is untouched");
        _machine.Dispose();
        _machine = StartWithDisks();
    }

    private ZosMachine StartWithDisks()
    {
        string kind = _transport == VirtioTransport.Modern ? "MODERN" : "LEGACY";
        var data = new QemuDiskOptions(_data, _transport, DiskCache.Writeback, "data");
        var readOnly = new QemuDiskOptions(_readOnly, _transport, DiskCache.Writeback, "ro", ReadOnly: true);
        string[] dataArguments = data.Arguments();
        dataArguments[^1] += ",serial=ZOS-DATA-" + kind;
        var machine = ZosMachine.Start([.. dataArguments, .. readOnly.Arguments()]);
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(20));
        DriverShell.WaitFor(machine, "blk1", "Running", 1, TimeSpan.FromSeconds(20));
        return machine;
    }

    public static void AssertNoVirtioWarnings(ZosMachine machine) =>
        Assert.That(machine.Errors, Does.Not.Contain("virtio").IgnoreCase, "QEMU warned about the virtio protocol");

    [TearDown]
    public void NoWarnings() => AssertNoVirtioWarnings(_machine);

    // The host's data: HostText at sector 5, HostPattern over sectors 100-163, LastPattern in the last sector.
    private const string HostPattern = "host-pattern";
    private const string LastPattern = "the-last-sector";

    private string DataImage()
    {
        var bytes = new byte[DataSectors * Sector];
        Encoding.ASCII.GetBytes(HostText).CopyTo(bytes, 5 * Sector);
        Repeat(bytes, 100 * Sector, 64 * Sector, HostPattern);
        Repeat(bytes, (DataSectors - 1) * Sector, Sector, LastPattern);
        return Write("data.img", bytes);
    }

    // Sector n holds 0xa0 + n % 16 throughout.
    private string ReadOnlyImage()
    {
        var bytes = new byte[ReadOnlySectors * Sector];
        for (int sector = 0; sector < ReadOnlySectors; sector++) Array.Fill(bytes, (byte)(0xA0 + sector % 16), sector * Sector, Sector);
        return Write("readonly.img", bytes);
    }

    private static void Repeat(byte[] into, int start, int length, string pattern)
    {
        for (int i = 0; i < length; i++) into[start + i] = (byte)pattern[i % pattern.Length];
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
