using System;

namespace Zos.Kernel.Screen
{
    // Text drawn with a PSF font into a linear framebuffer at 16, 24 or 32 bits
    // per pixel: cell (row, column) covers Font.Width x Font.Height pixels from
    // (column * Width, row * Height); pixels right of and below the last whole
    // cell, and the padding of rows whose pitch exceeds the width, are never
    // drawn into (scrolling moves them along with their rows). The cursor is an underline over the cell's last rows, as the
    // Linux console's default. Scrolling moves the pixel rows with one memmove.
    public sealed unsafe class FramebufferTextSurface : TextSurface
    {
        private const int CursorRows = 2;

        private readonly byte* _pixels;
        private readonly int _width, _height, _pitch, _bytesPerPixel;
        private readonly PixelFormat _format;
        private readonly PsfFont _font;
        private readonly uint[] _palette = new uint[16];

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
            int textPixelRows = rows * _font.Height, moved = lines * _font.Height;
            // Whole pitch-long rows, so one copy (the corlib's memmove) moves them all, padding included.
            long from = (long)moved * _pitch, length = (long)(textPixelRows - moved) * _pitch;
            new ReadOnlySpan<byte>(_pixels + from, (int)length).CopyTo(new Span<byte>(_pixels, (int)length));
            FillPixelRows(textPixelRows - moved, moved, _palette[TextCell.Background(TextGrid.Blank)]);
        }

        public override void Clear() => FillPixelRows(0, Rows * _font.Height, _palette[TextCell.Background(TextGrid.Blank)]);

        public override string Describe() =>
            Columns.ToString() + "x" + Rows.ToString() + " text in a " + _width.ToString() + "x" + _height.ToString() + "x" + _format.BitsPerPixel.ToString()
            + " framebuffer (pitch " + _pitch.ToString() + ", " + _font.Width.ToString() + "x" + _font.Height.ToString() + " font)";

        // The text area's part of each row: the pixels of whole cells only.
        private void FillPixelRows(int first, int count, uint value)
        {
            int pixels = Columns * _font.Width;
            for (int y = first; y < first + count; y++)
            {
                byte* line = _pixels + (long)y * _pitch;
                switch (_bytesPerPixel)
                {
                    case 4:
                        new Span<uint>(line, pixels).Fill(value);
                        break;
                    case 2:
                        new Span<ushort>(line, pixels).Fill((ushort)value);
                        break;
                    default:
                        for (int x = 0; x < pixels; x++, line += 3)
                        {
                            line[0] = (byte)value;
                            line[1] = (byte)(value >> 8);
                            line[2] = (byte)(value >> 16);
                        }
                        break;
                }
            }
        }
    }
}
