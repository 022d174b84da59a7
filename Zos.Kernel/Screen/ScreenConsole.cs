using System;

namespace Zos.Kernel.Screen
{
    // Console text on a screen: writes go to a TextGrid through the ANSI
    // interpreter at memory speed; drawing brings a TextSurface up to date with
    // the grid, redrawing only the cells that differ from what the surface shows
    // and turning any number of lines scrolled meanwhile into one ScrollUp. So a
    // burst of output costs one scroll and one draw of the new lines, however
    // many lines it had.
    // Drawing is split so that writers are held off only while the grid is
    // copied: TakeSnapshot (writers excluded by the caller) copies what changed,
    // DrawSnapshot (one drawer at a time, writers free) draws it.
    public sealed class ScreenConsole
    {
        private readonly TextGrid _grid;
        private readonly AnsiInterpreter _interpreter;
        private readonly TextSurface _surface;
        private readonly int _columns, _rows;
        // What the surface shows, as TextCells with the cursor bit where the cursor is drawn.
        private readonly uint[] _shown;
        private int _shownCursorRow = -1, _shownCursorColumn;
        private bool _clearFirst = true;    // the surface shows what was there before (the loader's screen)

        private readonly uint[] _snapshot;
        private readonly bool[] _snapshotHasRow;
        private int _snapshotScrolledLines, _snapshotCursorRow, _snapshotCursorColumn;
        private bool _snapshotClearFirst;

        public ScreenConsole(TextSurface surface)
        {
            _surface = surface;
            _columns = surface.Columns;
            _rows = surface.Rows;
            _grid = new TextGrid(_columns, _rows);
            _interpreter = new AnsiInterpreter(_grid);
            _shown = new uint[_columns * _rows];
            _snapshot = new uint[_columns * _rows];
            _snapshotHasRow = new bool[_rows];
        }

        public TextGrid Grid => _grid;
        public TextSurface Surface => _surface;
        public ulong FramesDrawn { get; private set; }

        public void Write(ReadOnlySpan<char> text)
        {
            for (int i = 0; i < text.Length; i++) _interpreter.Write(text[i]);
        }

        // The style's colours for this text only; colour sequences inside it last until its end.
        public void Write(ReadOnlySpan<char> text, ConsoleStyle style)
        {
            if (style == ConsoleStyle.Normal)
            {
                Write(text);
                return;
            }
            byte saved = _interpreter.Attribute;
            _interpreter.SetColors(TextAttribute.For(style));
            Write(text);
            _interpreter.SetColors(saved);
        }

        // Whether a draw would change the surface. Writers excluded.
        public bool HasChanges => _clearFirst || _grid.AnyChange() || _grid.CursorRow != _shownCursorRow || _grid.CursorColumn != _shownCursorColumn;

        // For a panic, which may have stopped a write or a draw half-way: plain
        // text from here on, and the whole surface drawn again from the grid.
        public void RecoverFromInterruption()
        {
            _interpreter.Reset();
            _grid.ClampCursor();
            _clearFirst = true;
            _grid.MarkAllChanged();
        }

        // Copies what changed since the last snapshot. Writers excluded; one drawer at a time.
        public void TakeSnapshot()
        {
            _snapshotClearFirst = _clearFirst;
            _clearFirst = false;
            _snapshotScrolledLines = _grid.TakeScrolledLines();
            _snapshotCursorRow = _grid.CursorRow;
            _snapshotCursorColumn = _grid.CursorColumn;
            // The row that shows the cursor now, after the scroll moves it, loses it: it is drawn too.
            int oldCursorRow = _snapshotClearFirst ? -1 : _shownCursorRow - _snapshotScrolledLines;
            for (int row = 0; row < _rows; row++)
            {
                bool take = _grid.TakeRowChanged(row) || _snapshotClearFirst || row == _snapshotCursorRow || row == oldCursorRow;
                _snapshotHasRow[row] = take;
                if (take) _grid.CopyRow(row, new Span<uint>(_snapshot, row * _columns, _columns));
            }
        }

        // Draws the last snapshot. One drawer at a time; writers may run meanwhile.
        public void DrawSnapshot()
        {
            if (_snapshotClearFirst)
            {
                _surface.Clear();
                new Span<uint>(_shown).Fill(TextGrid.Blank);
                _shownCursorRow = -1;
            }
            else if (_snapshotScrolledLines > 0) ScrollShown(_snapshotScrolledLines);
            for (int row = 0; row < _rows; row++)
            {
                if (!_snapshotHasRow[row]) continue;
                int start = row * _columns;
                for (int column = 0; column < _columns; column++)
                {
                    uint wanted = _snapshot[start + column];
                    if (row == _snapshotCursorRow && column == _snapshotCursorColumn) wanted |= TextCell.CursorBit;
                    if (_shown[start + column] == wanted) continue;
                    _surface.DrawCell(row, column, wanted);
                    _shown[start + column] = wanted;
                }
            }
            _shownCursorRow = _snapshotCursorRow;
            _shownCursorColumn = _snapshotCursorColumn;
            FramesDrawn++;
        }

        private void ScrollShown(int lines)
        {
            _surface.ScrollUp(lines);
            int kept = lines >= _rows ? 0 : (_rows - lines) * _columns;
            if (kept > 0) new ReadOnlySpan<uint>(_shown, lines * _columns, kept).CopyTo(new Span<uint>(_shown, 0, kept));
            new Span<uint>(_shown, kept, _shown.Length - kept).Fill(TextGrid.Blank);
            _shownCursorRow -= lines;
        }
    }
}
