using System.Text;
using Zos.Drivers.Nvme;

namespace Zos.Tests.Host.Nvme;

// Identify's ASCII fields (NVMe 1.4, 1.5: left-justified, padded with
// spaces) as text, and the all-zero check that tells a transfer never happened.
public class IdentifyTextTests
{
    [TestCase("ZOSNVME             ", "ZOSNVME")]
    [TestCase("  QEMU NVMe Ctrl    ", "QEMU NVMe Ctrl")]
    [TestCase("ABCDEFGHIJKLMNOPQRST", "ABCDEFGHIJKLMNOPQRST")]
    [TestCase("                    ", "")]
    public void AFieldIsTrimmedOfItsPadding(string field, string text) =>
        Assert.That(IdentifyText.Ascii(Field(field), 4, 20), Is.EqualTo(text));

    [Test]
    public void UnprintableBytesShowAsQuestionMarks()
    {
        byte[] data = Field("A~ B");
        data[5] = 0x7F;
        data[7] = 0x1F;

        Assert.That(IdentifyText.Ascii(data, 4, 4), Is.EqualTo("A? ?"));
    }

    [Test]
    public void NulPaddingIsTrimmedLikeSpaces()
    {
        byte[] data = Field("SN12");

        Assert.That(IdentifyText.Ascii(data, 4, 8), Is.EqualTo("SN12"), "bytes 8-11 are NUL");
    }

    [Test]
    public void OnlyAPageOfZerosIsAllZero()
    {
        var page = new byte[4096];
        Assert.That(IdentifyText.AllZero(page), Is.True);
        page[4095] = 1;
        Assert.That(IdentifyText.AllZero(page), Is.False);
    }

    // The field at byte 4 of a page whose first four bytes are spaces, as the fields before it might be.
    private static byte[] Field(string text)
    {
        var data = new byte[32];
        Encoding.ASCII.GetBytes("    " + text).CopyTo(data, 0);
        return data;
    }
}
