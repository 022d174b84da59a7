using Zos.Shell;

namespace Zos.Tests.Host;

public class CommandLineTests
{
    private static string[] Split(string line)
    {
        bool ok = CommandLine.TrySplit(line, out string[] words, out string error);
        Assert.That(ok, Is.True, error);
        Assert.That(error, Is.Null);
        return words;
    }

    [Test]
    public void SplitsOnSpacesAndTabs()
    {
        Assert.That(Split("fault  null\tnow"), Is.EqualTo(new[] { "fault", "null", "now" }));
    }

    [Test]
    public void IgnoresLeadingAndTrailingWhitespace()
    {
        Assert.That(Split("  \t mem \t "), Is.EqualTo(new[] { "mem" }));
    }

    [Test]
    public void QuotesGroupWordsAndAreRemoved()
    {
        Assert.That(Split("echo \"a b\"  c"), Is.EqualTo(new[] { "echo", "a b", "c" }));
    }

    [Test]
    public void QuotesKeepTabsAndLeadingSpaces()
    {
        Assert.That(Split("\" x\ty \""), Is.EqualTo(new[] { " x\ty " }));
    }

    [Test]
    public void EmptyQuotesGiveEmptyWord()
    {
        Assert.That(Split("test \"\""), Is.EqualTo(new[] { "test", "" }));
    }

    [Test]
    public void UnterminatedQuoteIsAnError()
    {
        bool ok = CommandLine.TrySplit("echo \"a b", out string[] words, out string error);
        Assert.That(ok, Is.False);
        Assert.That(words, Is.Null);
        Assert.That(error, Is.EqualTo("unterminated quote"));
    }

    [Test]
    public void ThirtyTwoWordsAreAllowed()
    {
        string line = string.Join(" ", Enumerable.Range(0, CommandLine.MaxWords).Select(i => "w" + i));
        string[] words = Split(line);
        Assert.That(words, Has.Length.EqualTo(32));
        Assert.That(words[31], Is.EqualTo("w31"));
    }

    [Test]
    public void MoreThanThirtyTwoWordsIsAnError()
    {
        string line = string.Join(" ", Enumerable.Range(0, CommandLine.MaxWords + 1).Select(i => "w" + i));
        bool ok = CommandLine.TrySplit(line, out string[] words, out string error);
        Assert.That(ok, Is.False);
        Assert.That(words, Is.Null);
        Assert.That(error, Is.EqualTo("too many words (at most 32)"));
    }

    [Test]
    public void TrailingSpacesAfterThirtyTwoWordsAreNotAnError()
    {
        string line = string.Join(" ", Enumerable.Range(0, CommandLine.MaxWords).Select(i => "w" + i)) + "   ";
        Assert.That(Split(line), Has.Length.EqualTo(32));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t \t")]
    public void EmptyLineGivesNoWords(string line)
    {
        Assert.That(Split(line), Is.Empty);
    }
}
