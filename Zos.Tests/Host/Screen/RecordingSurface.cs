using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

// A surface that keeps the cells it was given, as a screen would show them, and counts the work asked of it.
public sealed class RecordingSurface(int columns, int rows) : TextSurface
{
    private readonly uint[] _cells = Enumerable.Repeat(TextCell.Make('#', 0x70), columns * rows).ToArray();   // the loader's leftovers

    public override int Columns => columns;
    public override int Rows => rows;
    public List<(int Row, int Column, uint Cell)> Drawn { get; } = [];
    public List<int> Scrolls { get; } = [];
    public int Clears { get; private set; }

    public uint this[int row, int column] => _cells[row * columns + column];

    public override void DrawCell(int row, int column, uint cell)
    {
        Drawn.Add((row, column, cell));
        _cells[row * columns + column] = cell;
    }

    public override void ScrollUp(int lines)
    {
        Scrolls.Add(lines);
        int kept = Math.Max(0, rows - lines) * columns;
        Array.Copy(_cells, columns * Math.Min(lines, rows), _cells, 0, kept);
        Array.Fill(_cells, TextGrid.Blank, kept, _cells.Length - kept);
    }

    public override void Clear()
    {
        Clears++;
        Array.Fill(_cells, TextGrid.Blank);
    }

    public override string Describe() => "recording";

    public void Forget()
    {
        Drawn.Clear();
        Scrolls.Clear();
        Clears = 0;
    }

    public string Row(int row) => new string(Enumerable.Range(0, columns).Select(c => TextCell.Char(this[row, c])).ToArray()).TrimEnd();

    // Every cell as the grid has it, the cursor (only) where the grid's cursor is.
    public void AssertShows(TextGrid grid)
    {
        for (int row = 0; row < rows; row++)
            for (int column = 0; column < columns; column++)
            {
                uint expected = grid[row, column] | (row == grid.CursorRow && column == grid.CursorColumn ? TextCell.CursorBit : 0);
                Assert.That(this[row, column], Is.EqualTo(expected), $"cell ({row},{column}): shows '{Row(row)}', grid has '{GridText.Row(grid, row)}'");
            }
    }
}
