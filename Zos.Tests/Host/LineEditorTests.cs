using System.Text;
using Zos.Hal.Drivers.Input;
using Zos.Kernel.Input;
using Zos.Shell;

namespace Zos.Tests.Host;

// The shell's line editor over the keys a serial terminal sends (bytes through
// the console's escape-sequence parser) and the keys a keyboard driver sends
// (keystrokes as they are): every editing key, the history, Ctrl-C, and the
// VT100 echo a terminal or the screen console replays.
public class LineEditorTests
{
    private const string Esc = "\x1b";

    // Bytes as a serial terminal types them.
    private static (LineEditor Editor, BufferSink Echo) Typed(string bytes)
    {
        byte[] input = Encoding.ASCII.GetBytes(bytes);
        var parser = new TerminalKeyParser();
        int next = 0;
        KeyStroke Read()
        {
            while (next < input.Length)
                if (parser.Feed(input[next++], out KeyStroke key)) return key;
            throw new InvalidOperationException("read past the input");
        }
        var echo = new BufferSink();
        return (new LineEditor(Read, echo), echo);
    }

    // Keystrokes as a keyboard driver answers them.
    private static (LineEditor Editor, BufferSink Echo) Pressed(params KeyStroke[] keys)
    {
        var queue = new Queue<KeyStroke>(keys);
        var echo = new BufferSink();
        return (new LineEditor(() => queue.Count > 0 ? queue.Dequeue() : throw new InvalidOperationException("read past the input"), echo), echo);
    }

    private static string Line(LineEditor editor)
    {
        string line = editor.ReadLine(out string error);
        Assert.That(error, Is.Null);
        return line;
    }

    [Test]
    public void ALineOfTheMostCharactersAllowedIsReadWhole()
    {
        string longest = "blk write blk0 0 Z".PadRight(LineEditor.MaxLength - 4) + "2048";
        var (editor, _) = Typed(longest + "\r");
        Assert.That(Line(editor), Is.EqualTo(longest));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(300)]
    public void ALineTooLongIsRefusedWholeNeverCutToAnotherCommand(int over)
    {
        string typed = "uptime" + new string(' ', LineEditor.MaxLength - 6) + new string('j', over);
        var (editor, echo) = Typed(typed + "\r" + "mem\r");

        Assert.That(editor.ReadLine(out string error), Is.Null);
        Assert.That(error, Is.EqualTo("line too long: the shell takes at most 256 characters"));
        Assert.That(echo.Text.ToString(), Is.EqualTo(typed[..LineEditor.MaxLength] + "\n"), "nothing past the limit is echoed");
        Assert.That(Line(editor), Is.EqualTo("mem"), "the next line is read afresh");
        Assert.That(editor.History.Count, Is.EqualTo(1), "the refused line is not kept");
    }

    [Test]
    public void BackspaceAtTheEndErasesAndLineEndingsOfEveryKindEndALine()
    {
        var (editor, echo) = Typed("memx\b\r\nup\x7ftime\nirq\x01\r");
        Assert.That(Line(editor), Is.EqualTo("mem"));
        Assert.That(Line(editor), Is.EqualTo("utime"));
        Assert.That(Line(editor), Is.EqualTo("irq"), "Ctrl-A edits nothing; CR LF is one ending");
        Assert.That(echo.Text.ToString(), Is.EqualTo("memx\b \b\nup\b \btime\nirq\n"), "plain typing echoes as a dumb terminal expects");
    }

    [Test]
    public void LeftThenTypingInsertsInTheMiddleAndRedrawsTheRest()
    {
        var (editor, echo) = Typed("helo" + Esc + "[Dl\r");
        Assert.That(Line(editor), Is.EqualTo("hello"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("helo" + Esc + "[1D" + "l" + "o" + Esc + "[K" + Esc + "[1D" + "\n"));
    }

    [Test]
    public void RightMovesBackTowardsTheEndButNotPastIt()
    {
        var (editor, echo) = Typed("ac" + Esc + "[D" + Esc + "[D" + Esc + "[C" + "b" + Esc + "[C" + Esc + "[C" + "d\r");
        Assert.That(Line(editor), Is.EqualTo("abcd"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("ac" + Esc + "[1D" + Esc + "[1D" + Esc + "[1C" + "b" + "c" + Esc + "[K" + Esc + "[1D"
            + Esc + "[1C" + "d\n"), "the second Right at the end moves nothing and echoes nothing");
    }

    [Test]
    public void LeftAtTheStartMovesNothing()
    {
        var (editor, echo) = Typed("a" + Esc + "[D" + Esc + "[Db\r");
        Assert.That(Line(editor), Is.EqualTo("ba"));
        Assert.That(echo.Text.ToString(), Does.StartWith("a" + Esc + "[1D" + "b"));
    }

    [TestCase("[H", "[F")]
    [TestCase("OH", "OF")]
    [TestCase("[1~", "[4~")]
    [TestCase("[7~", "[8~")]
    public void HomeAndEndJumpToEitherEndInEveryTerminalsSpelling(string home, string end)
    {
        var (editor, echo) = Typed("bc" + Esc + home + "a" + Esc + end + "d\r");
        Assert.That(Line(editor), Is.EqualTo("abcd"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("bc" + Esc + "[2D" + "a" + "bc" + Esc + "[K" + Esc + "[2D" + Esc + "[2C" + "d\n"));
    }

    [Test]
    public void BackspaceInTheMiddleClosesTheGap()
    {
        var (editor, echo) = Typed("abc" + Esc + "[D\x7f\r");
        Assert.That(Line(editor), Is.EqualTo("ac"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("abc" + Esc + "[1D" + "\b" + "c" + Esc + "[K" + Esc + "[1D" + "\n"));
    }

    [Test]
    public void BackspaceAtTheStartErasesNothing()
    {
        var (editor, echo) = Typed("ab" + Esc + "[H\x7f\r");
        Assert.That(Line(editor), Is.EqualTo("ab"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("ab" + Esc + "[2D" + "\n"));
    }

    [Test]
    public void DeleteErasesUnderTheCursorAndNothingAtTheEnd()
    {
        var (editor, echo) = Typed("abc" + Esc + "[H" + Esc + "[3~" + Esc + "[F" + Esc + "[3~\r");
        Assert.That(Line(editor), Is.EqualTo("bc"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("abc" + Esc + "[3D" + "bc" + Esc + "[K" + Esc + "[2D" + Esc + "[2C" + "\n"));
    }

    [Test]
    public void DeletingTheLastCharacterUnderTheCursorErasesToTheEnd()
    {
        var (editor, echo) = Typed("ab" + Esc + "[D" + Esc + "[3~\r");
        Assert.That(Line(editor), Is.EqualTo("a"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("ab" + Esc + "[1D" + Esc + "[K" + "\n"));
    }

    [Test]
    public void UpAndDownWalkTheHistoryAndComeBackToTheLineBeingTyped()
    {
        var (editor, echo) = Typed("mem\r" + "uptime\r" + "ir" + Esc + "[A" + Esc + "[A" + Esc + "[A" + Esc + "[B" + Esc + "[B" + Esc + "[B" + "q\r");
        Line(editor);
        Line(editor);
        echo.Text.Clear();

        Assert.That(Line(editor), Is.EqualTo("irq"), "down past the newest line gives back what was being typed");
        Assert.That(echo.Text.ToString(), Is.EqualTo("ir"
            + Esc + "[2D" + "uptime" + Esc + "[K"
            + Esc + "[6D" + "mem" + Esc + "[K"
            + Esc + "[3D" + "uptime" + Esc + "[K"
            + Esc + "[6D" + "ir" + Esc + "[K"
            + "q\n"), "a third Up has no older line and a third Down no newer one: neither echoes");
    }

    [Test]
    public void ARecalledLineCanBeEditedAndRunAndGoesIntoTheHistory()
    {
        var (editor, _) = Typed("blk read blk0 0\r" + Esc + "[A" + "\x7f" + "8\r" + Esc + "[A\r");
        Assert.That(Line(editor), Is.EqualTo("blk read blk0 0"));
        Assert.That(Line(editor), Is.EqualTo("blk read blk0 8"));
        Assert.That(Line(editor), Is.EqualTo("blk read blk0 8"), "Up recalls the edited line, the newest");
        Assert.That(editor.History.Count, Is.EqualTo(2), "the same line twice in a row is kept once");
    }

    [Test]
    public void CtrlCAbandonsTheLineWhereverTheCursorIs()
    {
        var (editor, echo) = Typed("blk wr" + Esc + "[D\x03" + "mem\r");
        Assert.That(editor.ReadLine(out string error), Is.EqualTo(""));
        Assert.That(error, Is.Null);
        Assert.That(echo.Text.ToString(), Is.EqualTo("blk wr" + Esc + "[1D" + "^C\n"));
        Assert.That(Line(editor), Is.EqualTo("mem"), "the next line starts empty");
        Assert.That(editor.History.Count, Is.EqualTo(1), "an abandoned line is not kept");
    }

    [Test]
    public void KeyboardKeysEditLikeTheirEscapeSequences()
    {
        var (editor, echo) = Pressed(KeyStroke.Of('m'), KeyStroke.Of('e'), KeyStroke.Of('x'), KeyStroke.Special(Key.Backspace), KeyStroke.Of('m'),
            KeyStroke.Special(Key.Enter),
            KeyStroke.Of('C', KeyModifiers.Shift), KeyStroke.Special(Key.Home), KeyStroke.Special(Key.Delete), KeyStroke.Of('c'),
            KeyStroke.Special(Key.Left), KeyStroke.Of('a', KeyModifiers.Alt), KeyStroke.Special(Key.End), KeyStroke.Special(Key.Right),
            KeyStroke.Special(Key.Enter),
            KeyStroke.Special(Key.Up), KeyStroke.Special(Key.Up), KeyStroke.Special(Key.Enter),
            KeyStroke.Of('x'), KeyStroke.Of('c', KeyModifiers.Control));

        Assert.That(Line(editor), Is.EqualTo("mem"));
        Assert.That(Line(editor), Is.EqualTo("c"), "Alt with a letter types nothing");
        Assert.That(Line(editor), Is.EqualTo("mem"));
        Assert.That(Line(editor), Is.EqualTo(""), "Ctrl-C from the keyboard");
        Assert.That(echo.Text.ToString(), Is.EqualTo("mex\b \bm\n" + "C" + Esc + "[1D" + Esc + "[K" + "c" + Esc + "[1D" + Esc + "[1C" + "\n"
            + "c" + Esc + "[K" + Esc + "[1D" + "mem" + Esc + "[K" + "\n" + "x^C\n"));
    }

    [Test]
    public void KeysThatEditNothingAreIgnored()
    {
        var (editor, echo) = Pressed(KeyStroke.Of('a'), KeyStroke.Special(Key.Tab), KeyStroke.Special(Key.Escape), KeyStroke.Special(Key.PageUp),
            KeyStroke.Special(Key.F1), KeyStroke.Special(Key.Insert), KeyStroke.Of('b', KeyModifiers.Control), KeyStroke.Special(Key.Enter));
        Assert.That(Line(editor), Is.EqualTo("a"));
        Assert.That(echo.Text.ToString(), Is.EqualTo("a\n"));
    }
}
