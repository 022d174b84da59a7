using System;

namespace Zos.Kernel.Screen
{
    // Text drawn with a PSF font into a linear framebuffer at 16, 24 or 32 bits
    // per pixel: cell (row, column) covers Font.Width x Font.Height pixels from
    // (column * Width, row * Height); pixels right of and below the last whole
    // cell, and the padding of rows whose pitch exceeds the width, are never
    // written. The cursor is an underline over the cell's last rows, as the
    // Linux console's default. Scrolling moves pixels, and under emulation
    // every guest access costs: so each text row remembers how far right
    // anything but the default blank was drawn in it (its extent), and a
    // scroll copies and clears only up to the extents, not whole rows.
    public sealed unsafe class FramebufferTextSurface : TextSurface
    {
        private const int CursorRows = 2;

        private readonly byte* _pixels;
        private readonly int _width, _height, _pitch, _bytesPerPixel;
        private readonly PixelFormat _format;
        private readonly PsfFont _font;
        private readonly uint[] _palette = new uint[16];
        private readonly int[] _extent;     // per text row: columns from the left that may hold more than the default blank

        // pixels: Height rows of pitch bytes; the caller keeps the memory mapped and alive.
        public FramebufferTextSurface(byte* pixels, int width, int height, int pitch, PixelFormat format, PsfFont font)
        {
            _pixels = pixels;
            _width = width;
            _height = height;
            _pitch = pitch;
            _format = format;
            _bytesPerPixel = format.BytesPerPixel;
            _font = font;
            _extent = new int[Rows];
            for (int color = 0; color < _palette.Length; color++)
            {
                TextAttribute.Rgb(color, out byte red, out byte green, out byte blue);
                _palette[color] = format.Encode(red, green, blue);
            }
        }

        // Null when a framebuffer of this shape can carry text in this font, else why not.
        public static string Problem(int width, int height, int pitch, PixelFormat format, PsfFont font)
        {
            string formatProblem = format.Problem();
            if (formatProblem is not null) return formatProblem;
            if (width < font.Width || height < font.Height) return width.ToString() + "x" + height.ToString() + " pixels hold no " + font.Width.ToString() + "x" + font.Height.ToString() + " cell";
            if ((long)pitch < (long)width * format.BytesPerPixel) return "pitch " + pitch.ToString() + " is shorter than a row of " + width.ToString() + " pixels";
            return null;
        }

        public override int Columns => _width / _font.Width;
        public override int Rows => _height / _font.Height;

        public override void DrawCell(int row, int column, uint cell)
        {
            int glyph = _font.GlyphIndex(TextCell.Char(cell));
            uint foreground = _palette[TextCell.Foreground(cell)], background = _palette[TextCell.Background(cell)];
            int fontWidth = _font.Width, fontHeight = _font.Height;
            int cursorFrom = TextCell.HasCursor(cell) ? fontHeight - CursorRows : fontHeight;
            uint allSet = fontWidth == 32 ? 0xFFFF_FFFF : (1u << fontWidth) - 1;
            if ((cell & ~TextCell.CursorBit) != TextGrid.Blank || TextCell.HasCursor(cell))
                if (column >= _extent[row]) _extent[row] = column + 1;
            byte* line = _pixels + (long)row * fontHeight * _pitch + (long)column * fontWidth * _bytesPerPixel;
            for (int y = 0; y < fontHeight; y++, line += _pitch)
            {
                uint bits = y >= cursorFrom ? allSet : _font.Row(glyph, y);
                uint mask = 1u << (fontWidth - 1);
                switch (_bytesPerPixel)
                {
                    case 4:
                        var pixel32 = (uint*)line;
                        for (int x = 0; x < fontWidth; x++, mask >>= 1) pixel32[x] = (bits & mask) != 0 ? foreground : background;
                        break;
                    case 2:
                        var pixel16 = (ushort*)line;
                        for (int x = 0; x < fontWidth; x++, mask >>= 1) pixel16[x] = (ushort)((bits & mask) != 0 ? foreground : background);
                        break;
                    default:
                        byte* pixel24 = line;
                        for (int x = 0; x < fontWidth; x++, mask >>= 1, pixel24 += 3)
                        {
                            uint value = (bits & mask) != 0 ? foreground : background;
                            pixel24[0] = (byte)value;
                            pixel24[1] = (byte)(value >> 8);
                            pixel24[2] = (byte)(value >> 16);
                        }
                        break;
                }
            }
        }

        public override void ScrollUp(int lines)
        {
            int rows = Rows;
            if (lines >= rows)
            {
                Clear();
                return;
            }
            uint blank = _palette[TextCell.Background(TextGrid.Blank)];
            int fontHeight = _font.Height, cellBytes = _font.Width * _bytesPerPixel;
            for (int row = 0; row + lines < rows; row++)
            {
                int from = row + lines, copied = _extent[from], cleared = _extent[row];
                byte* target = _pixels + (long)row * fontHeight * _pitch, source = _pixels + (long)from * fontHeight * _pitch;
                for (int y = 0; y < fontHeight; y++, target += _pitch, source += _pitch)
                {
                    new ReadOnlySpan<byte>(source, copied * cellBytes).CopyTo(new Span<byte>(target, copied * cellBytes));
                    if (cleared > copied) Fill(target + copied * cellBytes, (cleared - copied) * _font.Width, blank);
                }
                _extent[row] = copied;
            }
            for (int row = rows - lines; row < rows; row++) ClearRow(row, blank);
        }

        public override void Clear()
        {
            uint blank = _palette[TextCell.Background(TextGrid.Blank)];
            for (int row = 0; row < Rows; row++)
            {
                _extent[row] = Columns;
                ClearRow(row, blank);
            }
        }

        public override string Describe() =>
            Columns.ToString() + "x" + Rows.ToString() + " text in a " + _width.ToString() + "x" + _height.ToString() + "x" + _format.BitsPerPixel.ToString()
            + " framebuffer (pitch " + _pitch.ToString() + ", " + _font.Width.ToString() + "x" + _font.Height.ToString() + " font)";

        // Blanks a text row up to its extent, which is then 0.
        private void ClearRow(int row, uint blank)
        {
            byte* line = _pixels + (long)row * _font.Height * _pitch;
            for (int y = 0; y < _font.Height; y++, line += _pitch) Fill(line, _extent[row] * _font.Width, blank);
            _extent[row] = 0;
        }

        private void Fill(byte* at, int pixels, uint value)
        {
            switch (_bytesPerPixel)
            {
                case 4:
                    new Span<uint>(at, pixels).Fill(value);
                    break;
                case 2:
                    new Span<ushort>(at, pixels).Fill((ushort)value);
                    break;
                default:
                    for (int x = 0; x < pixels; x++, at += 3)
                    {
                        at[0] = (byte)value;
                        at[1] = (byte)(value >> 8);
                        at[2] = (byte)(value >> 16);
                    }
                    break;
            }
        }
    }
}
