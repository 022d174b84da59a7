using System;

namespace Zos.Kernel.Screen
{
    // The EGA/VGA text screen (what GRUB leaves on a BIOS machine when it sets
    // no graphics mode): Columns x Rows 16-bit cells at 0xB8000, the character
    // (code page 437) in the low byte and the attribute in the high one, the
    // cursor the adapter's own (moved through its CRT controller by the kernel).
    public sealed unsafe class EgaTextSurface : TextSurface
    {
        private readonly ushort* _cells;
        private readonly int _columns, _rows;
        private readonly Action<int, int> _moveCursor;

        // moveCursor(row, column) places the hardware cursor; null where there is none (host tests).
        public EgaTextSurface(ushort* cells, int columns, int rows, Action<int, int> moveCursor)
        {
            _cells = cells;
            _columns = columns;
            _rows = rows;
            _moveCursor = moveCursor;
        }

        public override int Columns => _columns;
        public override int Rows => _rows;

        // The cell as the adapter stores it. The attribute's bit 7 blinks (or,
        // with blinking off, brightens the background) on EGA and VGA, so
        // backgrounds are kept to the first eight colours. Characters beyond
        // ASCII are shown as '?': code page 437 is not Latin-1.
        public static ushort Encode(uint cell)
        {
            char c = TextCell.Char(cell);
            byte code = c >= 0x20 && c < 0x7F ? (byte)c : (byte)'?';
            byte attribute = (byte)(TextCell.Attribute(cell) & 0x7F);
            return (ushort)(attribute << 8 | code);
        }

        public override void DrawCell(int row, int column, uint cell)
        {
            _cells[row * _columns + column] = Encode(cell);
            if (TextCell.HasCursor(cell) && _moveCursor is not null) _moveCursor(row, column);
        }

        public override void ScrollUp(int lines)
        {
            if (lines >= _rows)
            {
                Clear();
                return;
            }
            int kept = (_rows - lines) * _columns;
            new ReadOnlySpan<ushort>(_cells + lines * _columns, kept).CopyTo(new Span<ushort>(_cells, kept));
            new Span<ushort>(_cells + kept, lines * _columns).Fill(Encode(TextGrid.Blank));
        }

        public override void Clear() => new Span<ushort>(_cells, _rows * _columns).Fill(Encode(TextGrid.Blank));

        public override string Describe() => _columns.ToString() + "x" + _rows.ToString() + " EGA text";
    }
}
