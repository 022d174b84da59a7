using Zos.Kernel;
using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

public class ScreenConsoleTests
{
    private RecordingSurface _surface = null!;
    private ScreenConsole _console = null!;

    [SetUp]
    public void Create()
    {
        _surface = new RecordingSurface(10, 4);
        _console = new ScreenConsole(_surface);
    }

    private void Draw()
    {
        _console.TakeSnapshot();
        _console.DrawSnapshot();
    }

    private void Write(string text) => _console.Write(text);

    [Test]
    public void TheFirstDrawClearsTheLoadersScreenThenDrawsOnlyTextAndCursor()
    {
        Write("hi");
        Draw();
        Assert.That(_surface.Clears, Is.EqualTo(1));
        Assert.That(_surface.Drawn.Select(d => (d.Row, d.Column)), Is.EquivalentTo(new[] { (0, 0), (0, 1), (0, 2) }));
        _surface.AssertShows(_console.Grid);
        Assert.That(_console.HasChanges, Is.False);
    }

    [Test]
    public void WithNothingWrittenADrawDrawsNothing()
    {
        Write("hi");
        Draw();
        _surface.Forget();
        Draw();
        Assert.That(_surface.Drawn, Is.Empty);
        Assert.That(_surface.Scrolls, Is.Empty);
    }

    // The point of the grid: however many lines scrolled between two draws, the surface scrolls once.
    [Test]
    public void ABurstOfLinesIsOneScrollAndTheNewLinesOnly()
    {
        Write("a\nb\nc\nd");
        Draw();
        _surface.Forget();
        Write("\ne\nf\ng");
        Draw();
        Assert.That(_surface.Scrolls, Is.EqualTo(new[] { 3 }));
        Assert.That(_surface.Drawn.Select(d => TextCell.Char(d.Cell)).Where(c => c != ' '), Is.EquivalentTo(new[] { 'e', 'f', 'g' }));
        Assert.That(Enumerable.Range(0, 4).Select(_surface.Row), Is.EqualTo(new[] { "d", "e", "f", "g" }));
        _surface.AssertShows(_console.Grid);
    }

    [Test]
    public void MoreLinesThanTheScreenScrollEverythingAway()
    {
        Write("first");
        Draw();
        for (int i = 0; i < 30; i++) Write("\nline " + i);
        Draw();
        _surface.AssertShows(_console.Grid);
        Assert.That(_surface.Row(3), Is.EqualTo("line 29"));
    }

    [Test]
    public void MovingTheCursorRedrawsItsOldAndNewCellsOnly()
    {
        Write("abc");
        Draw();
        _surface.Forget();
        Write("\x1b[2D");
        Draw();
        Assert.That(_surface.Drawn, Is.EquivalentTo(new[]
        {
            (0, 3, TextGrid.Blank),
            (0, 1, TextCell.Make('b', TextAttribute.Default) | TextCell.CursorBit),
        }));
    }

    [Test]
    public void TheCursorLeavesARowThatScrolledUp()
    {
        Write("a\nb\nc\nd");
        Draw();
        Write("\n");
        Draw();
        _surface.AssertShows(_console.Grid);
        Assert.That(Enumerable.Range(0, 4).SelectMany(r => Enumerable.Range(0, 10).Select(c => _surface[r, c])).Count(TextCell.HasCursor), Is.EqualTo(1));
    }

    // Writers run between the copy and the drawing: what they wrote is drawn by the next draw, in the right place.
    [Test]
    public void WritesDuringADrawAppearInTheirPlaceAfterTheNext()
    {
        Write("one\ntwo\nthree\nfour");
        _console.TakeSnapshot();
        Write("\nfive\nsix");
        _console.DrawSnapshot();
        Write("\nseven");
        Draw();
        _surface.AssertShows(_console.Grid);
        Assert.That(Enumerable.Range(0, 4).Select(_surface.Row), Is.EqualTo(new[] { "four", "five", "six", "seven" }));
    }

    [Test]
    public void AStyledWriteColoursItsTextOnlyAndKeepsTheColoursAround()
    {
        Write("\x1b[36ma");
        _console.Write("err", ConsoleStyle.Error);
        Write("b");
        Assert.That(TextCell.Foreground(_console.Grid[0, 0]), Is.EqualTo(TextAttribute.Cyan));
        Assert.That(TextCell.Attribute(_console.Grid[0, 1]), Is.EqualTo(TextAttribute.For(ConsoleStyle.Error)));
        Assert.That(TextCell.Foreground(_console.Grid[0, 4]), Is.EqualTo(TextAttribute.Cyan));
    }

    [Test]
    public void StylesLookDifferentFromPlainText()
    {
        var styles = new[] { ConsoleStyle.Normal, ConsoleStyle.Prompt, ConsoleStyle.Error, ConsoleStyle.Panic }.Select(TextAttribute.For).ToArray();
        Assert.That(styles.Distinct().Count(), Is.EqualTo(4));
        Assert.That(TextCell.Foreground((uint)TextAttribute.For(ConsoleStyle.Error) << 16), Is.EqualTo(TextAttribute.BrightRed));
    }

    // A panic may stop a draw half-way (here: the surface scrambled) and a write inside a sequence.
    [Test]
    public void RecoveringFromAnInterruptionRedrawsEverythingInPlainText()
    {
        Write("abc\ndef\x1b[3");
        Draw();
        _surface.ScrollUp(1);
        _console.RecoverFromInterruption();
        _console.Write("D!", ConsoleStyle.Normal);
        Draw();
        _surface.AssertShows(_console.Grid);
        Assert.That(_surface.Row(1), Is.EqualTo("defD!"));
    }
}
