using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

// A grid's characters as strings, for asserting what a screen would show.
public static class GridText
{
    public static string Row(TextGrid grid, int row) =>
        new string(Enumerable.Range(0, grid.Columns).Select(c => TextCell.Char(grid[row, c])).ToArray()).TrimEnd();

    public static string[] Rows(TextGrid grid) => Enumerable.Range(0, grid.Rows).Select(r => Row(grid, r)).ToArray();
}
