using Zos.Shell.Tools;

namespace Zos.Tests.Host.Storage;

public class BlockPatternTests
{
    [Test]
    public void APatternRepeatsOverTheWholeRangeAcrossSectors()
    {
        var buffer = new byte[1024];
        BlockPattern.Fill(buffer, "abc");
        Assert.That(buffer[..3], Is.EqualTo("abc"u8.ToArray()));
        Assert.That((char)buffer[512], Is.EqualTo('c'), "sector 1 continues where sector 0 stopped (512 % 3 = 2)");
        Assert.That(BlockPattern.FirstMismatch(buffer, "abc"), Is.EqualTo(-1));
        buffer[700] ^= 1;
        Assert.That(BlockPattern.FirstMismatch(buffer, "abc"), Is.EqualTo(700));
    }

    [Test]
    public void OnlyShortPrintablePatternsAreTaken()
    {
        Assert.That(BlockPattern.Check("has space"), Is.EqualTo("a pattern is printable ASCII without spaces"));
        Assert.That(BlockPattern.Check(new string('x', 65)), Is.EqualTo("a pattern is 1-64 characters"));
        Assert.That(BlockPattern.Check(""), Is.EqualTo("a pattern is 1-64 characters"));
        Assert.That(BlockPattern.Check("ok"), Is.Null);
    }
}
