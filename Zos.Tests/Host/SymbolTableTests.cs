using System.Text;
using NUnit.Framework;
using Zos.Kernel.Diagnostics;

namespace Zos.Tests.Host;

public class SymbolTableTests
{
    private static SymbolTable Parse(string text) => SymbolTable.Parse(Encoding.ASCII.GetBytes(text));

    private static SymbolTable Sample() => Parse(
        "ffffffff80001000 Zos.Kernel.Main\n" +
        "ffffffff80001100 Zos.Kernel.Shell.CommandShell.Execute\n" +
        "ffffffff80002000 System.String.get_Length\n");

    [Test]
    public void ParsesEveryWellFormedLine()
    {
        Assert.That(Sample().Count, Is.EqualTo(3));
    }

    [Test]
    public void LookupExactlyAtSymbolHasZeroOffset()
    {
        bool found = Sample().TryLookup(0xffffffff80001100, out string name, out ulong offset);
        Assert.That(found, Is.True);
        Assert.That(name, Is.EqualTo("Zos.Kernel.Shell.CommandShell.Execute"));
        Assert.That(offset, Is.EqualTo(0UL));
    }

    [Test]
    public void LookupBetweenSymbolsUsesThePrecedingOne()
    {
        bool found = Sample().TryLookup(0xffffffff8000111c, out string name, out ulong offset);
        Assert.That(found, Is.True);
        Assert.That(name, Is.EqualTo("Zos.Kernel.Shell.CommandShell.Execute"));
        Assert.That(offset, Is.EqualTo(0x1cUL));
    }

    [Test]
    public void LookupJustBelowNextSymbolStaysInThePreviousOne()
    {
        Sample().TryLookup(0xffffffff80001fff, out string name, out ulong offset);
        Assert.That(name, Is.EqualTo("Zos.Kernel.Shell.CommandShell.Execute"));
        Assert.That(offset, Is.EqualTo(0xeffUL));
    }

    [Test]
    public void LookupPastLastSymbolUsesTheLastOne()
    {
        Sample().TryLookup(0xffffffff80002040, out string name, out ulong offset);
        Assert.That(name, Is.EqualTo("System.String.get_Length"));
        Assert.That(offset, Is.EqualTo(0x40UL));
    }

    [Test]
    public void LookupBeforeFirstSymbolFails()
    {
        bool found = Sample().TryLookup(0xffffffff80000fff, out string name, out ulong offset);
        Assert.That(found, Is.False);
        Assert.That(name, Is.Null);
        Assert.That(offset, Is.EqualTo(0UL));
    }

    [Test]
    public void DescribeFormatsNameAndLowercaseHexOffset()
    {
        Assert.That(Sample().Describe(0xffffffff8000111c), Is.EqualTo("Zos.Kernel.Shell.CommandShell.Execute+0x1c"));
        Assert.That(Sample().Describe(0xffffffff80001000), Is.EqualTo("Zos.Kernel.Main+0x0"));
    }

    [Test]
    public void DescribeUnknownAddressIsQuestionMark()
    {
        Assert.That(Sample().Describe(0x1000), Is.EqualTo("?"));
    }

    [Test]
    public void UppercaseHexIsAccepted()
    {
        var table = Parse("FFFFFFFF80001ABC Upper\n");
        Assert.That(table.Describe(0xffffffff80001abd), Is.EqualTo("Upper+0x1"));
    }

    [Test]
    public void LineWithoutHexAddressIsSkipped()
    {
        var table = Parse("1000 First\nxyz NotHex\n Leading\n2000 Second\n");
        Assert.That(table.Count, Is.EqualTo(2));
        Assert.That(table.Describe(0x2004), Is.EqualTo("Second+0x4"));
    }

    [Test]
    public void LineWithMoreThanSixteenHexDigitsIsSkipped()
    {
        var table = Parse("1000 First\n10000000000000000 TooLong\n");
        Assert.That(table.Count, Is.EqualTo(1));
        Assert.That(table.Describe(0xffff_ffff_ffff_ffff), Is.EqualTo("First+0x" + (0xffff_ffff_ffff_ffffUL - 0x1000).ToString("x")));
    }

    [Test]
    public void SixteenHexDigitsAreAccepted()
    {
        var table = Parse("ffffffffffffff00 Top\n");
        Assert.That(table.Count, Is.EqualTo(1));
        Assert.That(table.Describe(0xffffffffffffff10), Is.EqualTo("Top+0x10"));
    }

    [TestCase("1000\n")]
    [TestCase("1000 \n")]
    [TestCase("1000 \r\n")]
    [TestCase("1000\tTab\n")]
    [TestCase("1000x Name\n")]
    public void LineWithoutProperNameIsSkipped(string line)
    {
        var table = Parse(line + "2000 Good\n");
        Assert.That(table.Count, Is.EqualTo(1));
        Assert.That(table.Describe(0x1800), Is.EqualTo("?"));
    }

    [Test]
    public void CrlfLineEndingsAreStrippedFromNames()
    {
        var table = Parse("1000 First\r\n2000 Second\r\n");
        Assert.That(table.Count, Is.EqualTo(2));
        Assert.That(table.Describe(0x1001), Is.EqualTo("First+0x1"));
        Assert.That(table.Describe(0x2002), Is.EqualTo("Second+0x2"));
    }

    [Test]
    public void LastLineWithoutNewlineIsParsed()
    {
        var table = Parse("1000 First\n2000 Last");
        Assert.That(table.Count, Is.EqualTo(2));
        Assert.That(table.Describe(0x2000), Is.EqualTo("Last+0x0"));
    }

    [Test]
    public void EmptyAndBlankLinesAreSkipped()
    {
        var table = Parse("\n1000 First\n\n\r\n2000 Second\n\n");
        Assert.That(table.Count, Is.EqualTo(2));
    }

    [Test]
    public void OutOfOrderEntryIsRejected()
    {
        var table = Parse("1000 A\n3000 C\n2000 B\n4000 D\n");
        Assert.That(table.Count, Is.EqualTo(3));
        Assert.That(table.Describe(0x2500), Is.EqualTo("A+0x1500"));
        Assert.That(table.Describe(0x3001), Is.EqualTo("C+0x1"));
        Assert.That(table.Describe(0x4002), Is.EqualTo("D+0x2"));
    }

    [Test]
    public void EmptyInputGivesEmptyTable()
    {
        var table = SymbolTable.Parse(ReadOnlySpan<byte>.Empty);
        Assert.That(table.Count, Is.EqualTo(0));
        Assert.That(table.TryLookup(0x1000, out _, out _), Is.False);
        Assert.That(table.Describe(0), Is.EqualTo("?"));
    }

    [Test]
    public void EmptyTableDescribesEverythingAsUnknown()
    {
        Assert.That(SymbolTable.Empty.Count, Is.EqualTo(0));
        Assert.That(SymbolTable.Empty.Describe(0xffffffff80001000), Is.EqualTo("?"));
    }

    [Test]
    public void BisectionFindsEverySymbolInALargeTable()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 1000; i++) text.Append((0x100000 + i * 0x40).ToString("x")).Append(" f").Append(i).Append('\n');
        var table = Parse(text.ToString());
        Assert.That(table.Count, Is.EqualTo(1000));
        for (int i = 0; i < 1000; i++)
            Assert.That(table.Describe((ulong)(0x100000 + i * 0x40 + 0x3f)), Is.EqualTo("f" + i + "+0x3f"));
    }
}
