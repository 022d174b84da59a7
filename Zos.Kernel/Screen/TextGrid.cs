using System;

namespace Zos.Kernel.Screen
{
    // The characters a screen should show, with the cursor: Rows x Columns cells
    // (TextCell). Rows live in a ring, so scrolling moves no cells: the top row
    // becomes the new, blank, bottom one. A surface catches up from what the
    // grid records since it last looked: which rows changed (per ring slot, so
    // the mark moves with the row) and by how many lines it scrolled.
    // Wrapping is deferred as on a VT100: a character written in the last
    // column leaves the cursor there, and the next one starts a new line.
    public sealed class TextGrid
    {
        private readonly uint[] _cells;
        private readonly bool[] _slotChanged;
        private int _top;                   // ring slot of row 0
        private int _scrolledLines;         // since TakeScrolledLines, at most Rows
        private bool _wrapPending;

        public TextGrid(int columns, int rows)
        {
            if (columns < 1 || rows < 1) throw new ArgumentOutOfRangeException("columns", "a grid needs at least one cell");
            Columns = columns;
            Rows = rows;
            _cells = new uint[columns * rows];
            _slotChanged = new bool[rows];
            new Span<uint>(_cells).Fill(Blank);
            MarkAllChanged();
        }

        public static uint Blank => TextCell.Make(' ', TextAttribute.Default);

        public int Columns { get; }
        public int Rows { get; }
        public int CursorRow { get; private set; }
        public int CursorColumn { get; private set; }

        public uint this[int row, int column] => _cells[Slot(row) * Columns + column];

        // Writes c at the cursor and moves it right (or marks the wrap, in the last column).
        public void Put(char c, byte attribute)
        {
            if (_wrapPending)
            {
                CursorColumn = 0;
                LineFeed();
            }
            int slot = Slot(CursorRow);
            _cells[slot * Columns + CursorColumn] = TextCell.Make(c, attribute);
            _slotChanged[slot] = true;
            if (CursorColumn == Columns - 1) _wrapPending = true;
            else CursorColumn++;
        }

        // Down one row, scrolling at the bottom; the column stays.
        public void LineFeed()
        {
            _wrapPending = false;
            if (CursorRow < Rows - 1) CursorRow++;
            else ScrollUp();
        }

        public void CarriageReturn()
        {
            _wrapPending = false;
            CursorColumn = 0;
        }

        // Left and right stop at the edges (VT100 CUB and CUF do not wrap).
        public void MoveLeft(int count)
        {
            _wrapPending = false;
            CursorColumn = count >= CursorColumn ? 0 : CursorColumn - count;
        }

        public void MoveRight(int count)
        {
            _wrapPending = false;
            CursorColumn = count >= Columns - 1 - CursorColumn ? Columns - 1 : CursorColumn + count;
        }

        // To the next multiple of 8, at most the last column.
        public void Tab() => MoveRight(8 - CursorColumn % 8);

        // Blanks [from, to) of the cursor's row with the given attribute; the cursor stays.
        public void EraseInLine(int from, int to, byte attribute)
        {
            if (from < 0) from = 0;
            if (to > Columns) to = Columns;
            int slot = Slot(CursorRow);
            for (int column = from; column < to; column++) _cells[slot * Columns + column] = TextCell.Make(' ', attribute);
            _slotChanged[slot] = true;
        }

        // Lines scrolled since the last call (Rows when it was Rows or more: nothing old is left on screen).
        public int TakeScrolledLines()
        {
            int lines = _scrolledLines;
            _scrolledLines = 0;
            return lines;
        }

        // Whether a row changed since the last call for it, clearing the mark.
        public bool TakeRowChanged(int row)
        {
            int slot = Slot(row);
            bool changed = _slotChanged[slot];
            _slotChanged[slot] = false;
            return changed;
        }

        public bool AnyChange()
        {
            if (_scrolledLines > 0) return true;
            for (int i = 0; i < _slotChanged.Length; i++)
                if (_slotChanged[i]) return true;
            return false;
        }

        public void MarkAllChanged()
        {
            for (int i = 0; i < _slotChanged.Length; i++) _slotChanged[i] = true;
        }

        public void CopyRow(int row, Span<uint> into) => new ReadOnlySpan<uint>(_cells, Slot(row) * Columns, Columns).CopyTo(into);

        // Keeps the cursor inside the grid whatever happened to it (a panic may
        // interrupt a write half-way); the grid's own operations never leave it outside.
        public void ClampCursor()
        {
            if (CursorRow < 0 || CursorRow >= Rows) CursorRow = Rows - 1;
            if (CursorColumn < 0 || CursorColumn >= Columns) CursorColumn = Columns - 1;
        }

        private void ScrollUp()
        {
            int slot = _top;
            _top = _top + 1 == Rows ? 0 : _top + 1;
            new Span<uint>(_cells, slot * Columns, Columns).Fill(Blank);
            _slotChanged[slot] = true;
            if (_scrolledLines < Rows) _scrolledLines++;
        }

        private int Slot(int row)
        {
            int slot = _top + row;
            return slot >= Rows ? slot - Rows : slot;
        }
    }
}
