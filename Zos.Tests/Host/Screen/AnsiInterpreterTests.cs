using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

public class AnsiInterpreterTests
{
    private TextGrid _grid = null!;
    private AnsiInterpreter _ansi = null!;

    [SetUp]
    public void Create()
    {
        _grid = new TextGrid(20, 4);
        _ansi = new AnsiInterpreter(_grid);
    }

    private void Write(string text)
    {
        foreach (char c in text) _ansi.Write(c);
    }

    private int ForegroundAt(int row, int column) => TextCell.Foreground(_grid[row, column]);

    // What the line editor sends to redraw after deleting in the middle of a line.
    [Test]
    public void LineEditorRedrawSequence()
    {
        Write("zos> helxlo");
        Write("\x1b[2D");
        Write("\b");
        Write("lo\x1b[K");
        Write("\x1b[2D");
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("zos> hello"));
        Assert.That(_grid.CursorColumn, Is.EqualTo(8));
    }

    [TestCase("\x1b[D", 9)]
    [TestCase("\x1b[0D", 9)]
    [TestCase("\x1b[4D", 6)]
    [TestCase("\x1b[99D", 0)]
    [TestCase("\x1b[C", 11)]
    [TestCase("\x1b[5C", 15)]
    [TestCase("\x1b[0C", 11)]
    [TestCase("\b", 9)]
    [TestCase("\r", 0)]
    [TestCase("\t", 16)]
    public void CursorMoves(string sequence, int column)
    {
        Write("0123456789");
        Write(sequence);
        Assert.That(_grid.CursorColumn, Is.EqualTo(column));
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("0123456789"), "moving erases nothing");
    }

    [TestCase("\x1b[K", "01234")]
    [TestCase("\x1b[0K", "01234")]
    [TestCase("\x1b[1K", "      6789")]
    [TestCase("\x1b[2K", "")]
    public void EraseInLine(string sequence, string left)
    {
        Write("0123456789\x1b[5D");
        Write(sequence);
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo(left));
        Assert.That(_grid.CursorColumn, Is.EqualTo(5));
    }

    [Test]
    public void NewLineStartsTheNextRowAtColumnZero()
    {
        Write("abc\ndef");
        Assert.That(GridText.Rows(_grid), Is.EqualTo(new[] { "abc", "def", "", "" }));
    }

    [TestCase("\x1b[31m", TextAttribute.Red)]
    [TestCase("\x1b[32m", TextAttribute.Green)]
    [TestCase("\x1b[33m", TextAttribute.Brown)]
    [TestCase("\x1b[34m", TextAttribute.Blue)]
    [TestCase("\x1b[36m", TextAttribute.Cyan)]
    [TestCase("\x1b[30m", TextAttribute.Black)]
    [TestCase("\x1b[91m", TextAttribute.BrightRed)]
    [TestCase("\x1b[97m", TextAttribute.White)]
    [TestCase("\x1b[1;32m", TextAttribute.BrightGreen)]
    [TestCase("\x1b[32;1m", TextAttribute.BrightGreen)]
    [TestCase("\x1b[1m", TextAttribute.White)]
    [TestCase("\x1b[1;34m\x1b[22m", TextAttribute.Blue)]
    [TestCase("\x1b[31m\x1b[0m", TextAttribute.LightGray)]
    [TestCase("\x1b[31m\x1b[m", TextAttribute.LightGray)]
    [TestCase("\x1b[31m\x1b[39m", TextAttribute.LightGray)]
    [TestCase("\x1b[31;4;5m", TextAttribute.Red)]
    public void SelectGraphicRenditionSetsTheForeground(string sequence, int color)
    {
        Write(sequence + "x");
        Assert.That(ForegroundAt(0, 0), Is.EqualTo(color));
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("x"));
    }

    // Other sequences are swallowed whole: none of their bytes is printed, nothing moves.
    [TestCase("\x1b[2J")]
    [TestCase("\x1b[5;10H")]
    [TestCase("\x1b[?25l")]
    [TestCase("\x1b[?1049h")]
    [TestCase("\x1b[38:5:196m")]
    [TestCase("\x1b[1 q")]
    [TestCase("\x1b]0;window title\x07")]
    [TestCase("\x1b]2;title\x1b\\")]
    [TestCase("\x1b(B")]
    [TestCase("\u001bc")]
    [TestCase("\u001b7")]
    [TestCase("\u009b")]
    public void OtherSequencesAreIgnored(string sequence)
    {
        Write("ab" + sequence + "cd");
        Assert.That(GridText.Rows(_grid), Is.EqualTo(new[] { "abcd", "", "", "" }));
        Assert.That(ForegroundAt(0, 3), Is.EqualTo(TextAttribute.LightGray));
    }

    [Test]
    public void CancelAbandonsASequence()
    {
        Write("a\x1b[3\x18" + "D");
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("aD"));
    }

    [Test]
    public void EscapeInsideASequenceStartsANewOne()
    {
        Write("abcd\x1b[5\x1b[2D!");
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("ab!d"));
    }

    [Test]
    public void ControlCharactersInsideASequenceStillAct()
    {
        Write("abc\x1b[\r1D");   // CR acts, then ESC[1D arrives: stays at column 0
        Assert.That(_grid.CursorColumn, Is.EqualTo(0));
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("abc"));
    }

    [Test]
    public void HugeParametersAreClampedNotOverflowed()
    {
        Write("0123456789\x1b[99999999999999999999D");
        Assert.That(_grid.CursorColumn, Is.EqualTo(0));
        Write("\x1b[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;31mx");
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("x123456789"));
    }

    [Test]
    public void OtherControlCharactersPrintNothing()
    {
        Write("a\x07\x00\x01\x7F" + "b");
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("ab"));
    }

    [Test]
    public void SetColorsReplacesTheAttributeUntilRestored()
    {
        Write("\x1b[1;36m");
        byte saved = _ansi.Attribute;
        _ansi.SetColors(TextAttribute.Make(TextAttribute.BrightRed, TextAttribute.Black));
        Write("e");
        _ansi.SetColors(saved);
        Write("n");
        Assert.That(ForegroundAt(0, 0), Is.EqualTo(TextAttribute.BrightRed));
        Assert.That(ForegroundAt(0, 1), Is.EqualTo(TextAttribute.BrightCyan));
    }

    [Test]
    public void ResetEndsASequenceAndTheColours()
    {
        Write("\x1b[31m\x1b[12");
        _ansi.Reset();
        Write("D");
        Assert.That(GridText.Row(_grid, 0), Is.EqualTo("D"));
        Assert.That(ForegroundAt(0, 0), Is.EqualTo(TextAttribute.LightGray));
    }
}
