using Zos.Hal.Acpi;

namespace Zos.Tests.Host.Acpi;

public class RootPointerTests
{
    private static RootPointer Parse(byte[] bytes)
    {
        Assert.That(RootPointer.TryParse(bytes, out var rsdp, out string error), Is.True, error);
        Assert.That(error, Is.Null);
        return rsdp;
    }

    private static string ParseError(byte[] bytes)
    {
        Assert.That(RootPointer.TryParse(bytes, out var rsdp, out string error), Is.False);
        Assert.That(rsdp, Is.Null);
        return error;
    }

    [Test]
    public void ParsesVersion1()
    {
        var rsdp = Parse(AcpiImage.Rsdp(0, 0x7FE14AB, oem: "BOCHS"));

        Assert.That(rsdp.Revision, Is.EqualTo(0));
        Assert.That(rsdp.HasExtendedFields, Is.False);
        Assert.That(rsdp.OemId, Is.EqualTo("BOCHS"));
        Assert.That(rsdp.RsdtAddress, Is.EqualTo(0x7FE14AB));
        Assert.That(rsdp.XsdtAddress, Is.EqualTo(0));
    }

    [Test]
    public void ParsesVersion2()
    {
        var rsdp = Parse(AcpiImage.Rsdp(2, 0x7FE0000, 0x1_2345_6780));

        Assert.That(rsdp.Revision, Is.EqualTo(2));
        Assert.That(rsdp.HasExtendedFields, Is.True);
        Assert.That(rsdp.OemId, Is.EqualTo("ZOSOEM"));
        Assert.That(rsdp.RsdtAddress, Is.EqualTo(0x7FE0000));
        Assert.That(rsdp.XsdtAddress, Is.EqualTo(0x1_2345_6780));
    }

    [Test]
    public void Version1IgnoresBytesAfterItsTwentyBytes()
    {
        var bytes = AcpiImage.Rsdp(0, 0x1000).Concat(new byte[] { 0xAA, 0xBB, 0xCC }).ToArray();

        Assert.That(Parse(bytes).RsdtAddress, Is.EqualTo(0x1000));
    }

    [Test]
    public void RejectsTooShort()
    {
        Assert.That(ParseError(AcpiImage.Rsdp(0, 0x1000)[..12]), Is.EqualTo("RSDP is 12 bytes, shorter than the 20 of version 1"));
    }

    [Test]
    public void RejectsWrongSignature()
    {
        var bytes = AcpiImage.Rsdp(0, 0x1000);
        bytes[4] = (byte)'X';

        Assert.That(ParseError(bytes), Is.EqualTo("RSDP signature is 'RSD XTR', not 'RSD PTR '"));
    }

    [Test]
    public void RejectsWrongChecksum()
    {
        var bytes = AcpiImage.Rsdp(0, 0x1000);
        bytes[16] ^= 0x10;

        Assert.That(ParseError(bytes), Is.EqualTo("RSDP checksum over its first 20 bytes is wrong"));
    }

    [Test]
    public void RejectsVersion2CutToVersion1Size()
    {
        Assert.That(ParseError(AcpiImage.Rsdp(2, 0x1000, 0x2000)[..20]), Is.EqualTo("RSDP revision 2 is 20 bytes, shorter than the 36 of version 2"));
    }

    [Test]
    public void RejectsWrongExtendedChecksum()
    {
        var bytes = AcpiImage.Rsdp(2, 0x1000, 0x2000);
        bytes[30] = 1;   // inside the XSDT address: only the extended checksum covers it

        Assert.That(ParseError(bytes), Is.EqualTo("RSDP extended checksum over its 36 bytes is wrong"));
    }

    [TestCase(20u)]
    [TestCase(37u)]
    public void RejectsLengthOutsideTheStructure(uint length)
    {
        var bytes = AcpiImage.Rsdp(2, 0x1000, 0x2000);
        bytes[20] = (byte)length;

        Assert.That(ParseError(bytes), Is.EqualTo($"RSDP length {length} is outside 36..36"));
    }
}
