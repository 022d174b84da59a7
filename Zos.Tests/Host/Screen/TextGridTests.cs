using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

public class TextGridTests
{
    private static void Put(TextGrid grid, string text)
    {
        foreach (char c in text) grid.Put(c, TextAttribute.Default);
    }

    private static void Line(TextGrid grid, string text)
    {
        Put(grid, text);
        grid.CarriageReturn();
        grid.LineFeed();
    }

    [Test]
    public void AStartsBlankWithEveryRowToDraw()
    {
        var grid = new TextGrid(4, 3);
        Assert.That(grid[2, 3], Is.EqualTo(TextCell.Make(' ', TextAttribute.Default)));
        Assert.That(Enumerable.Range(0, 3).All(grid.TakeRowChanged), Is.True);
        Assert.That(grid.AnyChange(), Is.False);
    }

    [Test]
    public void ScrollingDropsTheTopRowAndCountsLines()
    {
        var grid = new TextGrid(5, 3);
        Line(grid, "one");
        Line(grid, "two");
        Line(grid, "three");
        Put(grid, "four");
        Assert.That(GridText.Rows(grid), Is.EqualTo(new[] { "two", "three", "four" }));
        Assert.That(grid.TakeScrolledLines(), Is.EqualTo(1));
        Assert.That(grid.TakeScrolledLines(), Is.EqualTo(0));
        Assert.That((grid.CursorRow, grid.CursorColumn), Is.EqualTo((2, 4)));
    }

    [Test]
    public void ScrolledLinesStopAtTheRowCount()
    {
        var grid = new TextGrid(5, 3);
        for (int i = 0; i < 10; i++) Line(grid, "x" + i);
        Assert.That(grid.TakeScrolledLines(), Is.EqualTo(3));
        Assert.That(GridText.Rows(grid), Is.EqualTo(new[] { "x8", "x9", "" }));
    }

    // The change marks follow the rows: after a scroll, a row written before
    // it and moved up is still marked, and the new bottom row is marked.
    [Test]
    public void ChangeMarksMoveWithTheirRows()
    {
        var grid = new TextGrid(5, 3);
        for (int row = 0; row < 3; row++) grid.TakeRowChanged(row);
        grid.LineFeed();
        grid.LineFeed();
        Put(grid, "abc");                  // row 2
        grid.LineFeed();                   // scroll: "abc" is row 1 now
        Assert.That(GridText.Row(grid, 1), Is.EqualTo("abc"));
        Assert.That(grid.TakeRowChanged(0), Is.False);
        Assert.That(grid.TakeRowChanged(1), Is.True);
        Assert.That(grid.TakeRowChanged(2), Is.True, "the new blank row");
    }

    // VT100: the last column keeps the cursor; only the next character wraps.
    [Test]
    public void WrappingWaitsForTheNextCharacter()
    {
        var grid = new TextGrid(4, 3);
        Put(grid, "abcd");
        Assert.That((grid.CursorRow, grid.CursorColumn), Is.EqualTo((0, 3)));
        grid.CarriageReturn();
        Put(grid, "X");
        Assert.That(GridText.Rows(grid), Is.EqualTo(new[] { "Xbcd", "", "" }), "a carriage return cancels the pending wrap");
        Put(grid, "yzw");
        Put(grid, "v");
        Assert.That(GridText.Rows(grid), Is.EqualTo(new[] { "Xyzw", "v", "" }));
    }

    [Test]
    public void MovesStopAtTheEdges()
    {
        var grid = new TextGrid(10, 2);
        Put(grid, "abcdef");
        grid.MoveLeft(4);
        Assert.That(grid.CursorColumn, Is.EqualTo(2));
        grid.MoveLeft(40);
        Assert.That(grid.CursorColumn, Is.EqualTo(0));
        grid.MoveRight(3);
        Assert.That(grid.CursorColumn, Is.EqualTo(3));
        grid.MoveRight(400);
        Assert.That(grid.CursorColumn, Is.EqualTo(9));
    }

    [Test]
    public void TabsGoToMultiplesOfEight()
    {
        var grid = new TextGrid(20, 2);
        Put(grid, "ab");
        grid.Tab();
        Assert.That(grid.CursorColumn, Is.EqualTo(8));
        grid.Tab();
        Assert.That(grid.CursorColumn, Is.EqualTo(16));
        grid.Tab();
        Assert.That(grid.CursorColumn, Is.EqualTo(19));
    }

    [Test]
    public void EraseBlanksPartOfTheCursorRowWithTheAttribute()
    {
        var grid = new TextGrid(8, 2);
        Put(grid, "abcdefg");
        grid.MoveLeft(4);
        grid.TakeRowChanged(0);
        grid.EraseInLine(grid.CursorColumn, grid.Columns, 0x1F);
        Assert.That(GridText.Row(grid, 0), Is.EqualTo("abc"));
        Assert.That(grid[0, 5], Is.EqualTo(TextCell.Make(' ', 0x1F)));
        Assert.That(grid.TakeRowChanged(0), Is.True);
        Assert.That(grid.CursorColumn, Is.EqualTo(3));
    }

    [Test]
    public void ClampCursorBringsAStrayCursorBack()
    {
        var grid = new TextGrid(8, 4);
        typeof(TextGrid).GetProperty("CursorRow")!.SetValue(grid, 9);
        typeof(TextGrid).GetProperty("CursorColumn")!.SetValue(grid, -3);
        grid.ClampCursor();
        Assert.That((grid.CursorRow, grid.CursorColumn), Is.EqualTo((3, 7)));
    }
}
