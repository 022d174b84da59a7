using Zos.Drivers.Ahci;

namespace Zos.Tests.Host.Ahci;

// IDENTIFY DEVICE data (ACS-3 7.12.7) as disks of several kinds send it,
// and data no disk sends.
public class AtaIdentifyTests
{
    private static AtaIdentifyData Parse(byte[] data)
    {
        Assert.That(AtaIdentifyData.Parse(data, out AtaIdentifyData identify), Is.Null);
        return identify;
    }

    [Test]
    public void AModernDiskReportsItsStringsCapacityAndFeatures()
    {
        var disk = new SimulatedIdentify { Sectors = 0x1_2345_6789, Model = "QEMU HARDDISK", Serial = "QM00001", Firmware = "2.5+", Trim = true };

        AtaIdentifyData id = Parse(disk.Build());

        Assert.That((id.Model, id.Serial, id.Firmware), Is.EqualTo(("QEMU HARDDISK", "QM00001", "2.5+")));
        Assert.That((id.Supports48Bit, id.Sectors, id.LogicalSectorBytes, id.PhysicalSectorBytes), Is.EqualTo((true, 0x1_2345_6789UL, 512, 512)));
        Assert.That((id.SupportsNcq, id.QueueDepth), Is.EqualTo((true, 32)));
        Assert.That((id.WriteCacheSupported, id.WriteCacheEnabled, id.SupportsFlushCacheExt, id.SupportsTrim), Is.EqualTo((true, true, true, true)));
        Assert.That(id.ToString(), Is.EqualTo("QEMU HARDDISK (serial QM00001, firmware 2.5+): 4886718345 sectors of 512 bytes, 48-bit, NCQ depth 32, "
            + "write cache on, FLUSH CACHE EXT, TRIM"));
    }

    [Test]
    public void A28BitOnlyDiskTakesItsCapacityFromWords60And61()
    {
        var disk = new SimulatedIdentify { Sectors = 1_000_000, Lba48 = false, NcqDepth = 0, FlushCacheExt = false, WriteCacheEnabled = false };

        AtaIdentifyData id = Parse(disk.Build());

        Assert.That((id.Supports48Bit, id.Sectors, id.SupportsNcq, id.QueueDepth), Is.EqualTo((false, 1_000_000UL, false, 1)));
        Assert.That((id.WriteCacheSupported, id.WriteCacheEnabled, id.SupportsFlushCacheExt), Is.EqualTo((true, false, false)));
    }

    [Test]
    public void A48BitDiskIgnoresTheSaturated28BitCapacity()
    {
        AtaIdentifyData id = Parse(new SimulatedIdentify { Sectors = 0x2000_0000 }.Build());
        Assert.That(id.Sectors, Is.EqualTo(0x2000_0000UL), "words 60-61 say 0x0FFFFFFF; words 100-103 are the capacity");
    }

    [Test]
    public void A4KNativeDiskHas4096ByteLogicalSectors()
    {
        AtaIdentifyData id = Parse(new SimulatedIdentify { Sectors = 1024, LogicalSectorBytes = 4096 }.Build());

        Assert.That((id.LogicalSectorBytes, id.PhysicalSectorBytes, id.CapacityBytes), Is.EqualTo((4096, 4096, 4UL << 20)));
    }

    [Test]
    public void A512EmulationDiskHas4096BytePhysicalSectors()
    {
        AtaIdentifyData id = Parse(new SimulatedIdentify { Sectors = 8192, LogicalPerPhysicalLog2 = 3 }.Build());

        Assert.That((id.LogicalSectorBytes, id.PhysicalSectorBytes), Is.EqualTo((512, 4096)));
    }

    [Test]
    public void AWrongChecksumIsRefused()
    {
        byte[] data = new SimulatedIdentify { Sectors = 100 }.Build();
        data[54]++;   // one character of the model

        Assert.That(AtaIdentifyData.Parse(data, out var id), Does.StartWith("IDENTIFY DEVICE checksum is wrong: the bytes sum to 0x01"));
        Assert.That(id, Is.Null);
    }

    [Test]
    public void WithoutTheSignatureTheChecksumIsNotJudged()
    {
        byte[] data = new SimulatedIdentify { Sectors = 100, Checksum = false }.Build();
        data[54] ^= 0x01;
        Assert.That(AtaIdentifyData.Parse(data, out _), Is.Null);
    }

    [Test]
    public void AZeroCapacityIsRefused()
    {
        Assert.That(AtaIdentifyData.Parse(new SimulatedIdentify { Sectors = 0 }.Build(), out _),
            Is.EqualTo("IDENTIFY DEVICE reports a capacity of 0 sectors (words 100-103)"));
        Assert.That(AtaIdentifyData.Parse(new SimulatedIdentify { Sectors = 0, Lba48 = false }.Build(), out _),
            Is.EqualTo("IDENTIFY DEVICE reports a capacity of 0 sectors (words 60-61)"));
    }

    [TestCase((byte)0x00, "IDENTIFY DEVICE data is all zeros (nothing was transferred)")]
    [TestCase((byte)0xFF, "IDENTIFY DEVICE data is all ones (no device answered)")]
    public void UniformDataIsRefused(byte fill, string reason)
    {
        Assert.That(AtaIdentifyData.Parse(Enumerable.Repeat(fill, 512).ToArray(), out _), Is.EqualTo(reason));
    }

    [Test]
    public void AnAtapiWord0IsNotAnAtaDevice()
    {
        byte[] data = new SimulatedIdentify { Sectors = 100, Checksum = false }.Build();
        data[1] = 0x85;
        Assert.That(AtaIdentifyData.Parse(data, out _), Is.EqualTo("IDENTIFY DEVICE word 0 is 0x8540: not an ATA device"));
    }

    [Test]
    public void ANonsenseLogicalSectorSizeIsRefused()
    {
        byte[] data = new SimulatedIdentify { Sectors = 100, LogicalSectorBytes = 1000, Checksum = false }.Build();
        Assert.That(AtaIdentifyData.Parse(data, out _), Is.EqualTo("IDENTIFY DEVICE reports a logical sector of 1000 bytes, not a multiple of 512"));
    }

    [Test]
    public void DataOfTheWrongLengthIsRefused()
    {
        Assert.That(AtaIdentifyData.Parse(new byte[256], out _), Is.EqualTo("IDENTIFY DEVICE data of 256 bytes, not 512"));
    }

    [Test]
    public void FeatureWordsWithoutTheirValidityPatternCountForNothing()
    {
        byte[] data = new SimulatedIdentify { Sectors = 100, Checksum = false }.Build();
        data[2 * 83 + 1] = 0x24;   // bits 15:14 = 00: words 82-84 not valid (bit 13 FLUSH EXT and 10 48-bit still set)
        AtaIdentifyData id = Parse(data);
        Assert.That((id.Supports48Bit, id.SupportsFlushCacheExt, id.WriteCacheSupported), Is.EqualTo((false, false, false)));
    }
}
