namespace Zos.Kernel.Screen
{
    // Where a ScreenConsole's cells become visible: a pixel framebuffer drawn
    // with a font, or the EGA's own character cells.
    public abstract class TextSurface
    {
        public abstract int Columns { get; }
        public abstract int Rows { get; }

        // Shows one TextCell (with its cursor bit) at a cell position.
        public abstract void DrawCell(int row, int column, uint cell);

        // Moves everything up by whole text lines; the lines uncovered at the bottom show TextGrid.Blank.
        public abstract void ScrollUp(int lines);

        // Every cell TextGrid.Blank.
        public abstract void Clear();

        public abstract string Describe();
    }
}
