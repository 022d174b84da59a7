using System.Text;
using Zos.Shell;

namespace Zos.Tests.Host;

public class LineReaderTests
{
    private static (LineReader Reader, BufferSink Echo) ReaderOf(string typed)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(typed);
        int next = 0;
        var echo = new BufferSink();
        return (new LineReader(() => next < bytes.Length ? bytes[next++] : throw new InvalidOperationException("read past the input"), echo), echo);
    }

    [Test]
    public void ALineOfTheMostCharactersAllowedIsReadWhole()
    {
        string longest = "blk write blk0 0 Z".PadRight(LineReader.MaxLength - 4) + "2048";
        var (reader, _) = ReaderOf(longest + "\r");
        Assert.That(reader.ReadLine(out string error), Is.EqualTo(longest));
        Assert.That(error, Is.Null);
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(300)]
    public void ALineTooLongIsRefusedWholeNeverCutToAnotherCommand(int over)
    {
        string typed = "uptime" + new string(' ', LineReader.MaxLength - 6) + new string('j', over);
        var (reader, echo) = ReaderOf(typed + "\r" + "mem\r");

        Assert.That(reader.ReadLine(out string error), Is.Null);
        Assert.That(error, Is.EqualTo("line too long: the shell takes at most 256 characters"));
        Assert.That(echo.Text.ToString(), Is.EqualTo(typed[..LineReader.MaxLength] + "\n"), "nothing past the limit is echoed");
        Assert.That(reader.ReadLine(out error), Is.EqualTo("mem"), "the next line is read afresh");
        Assert.That(error, Is.Null);
    }

    [Test]
    public void BackspaceErasesAndLineEndingsOfEveryKindEndALine()
    {
        var (reader, echo) = ReaderOf("memx\b\r\nup\x7ftime\nirq\x01\r");
        Assert.That(reader.ReadLine(out _), Is.EqualTo("mem"));
        Assert.That(reader.ReadLine(out _), Is.EqualTo("utime"));
        Assert.That(reader.ReadLine(out _), Is.EqualTo("irq"), "a control byte is ignored; CR LF is one ending");
        Assert.That(echo.Text.ToString(), Is.EqualTo("memx\b \b\nup\b \btime\nirq\n"));
    }
}
