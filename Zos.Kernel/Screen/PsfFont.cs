using System;

namespace Zos.Kernel.Screen
{
    // A Linux console font (PC Screen Font), the format of Debian's
    // /usr/share/consolefonts: PSF1 (magic 36 04: 8 pixels wide, 256 or 512
    // glyphs, a UCS-2 table) or PSF2 (magic 72 B5 4A 86: any size, a UTF-8
    // table). Glyph rows are (Width + 7) / 8 bytes, most significant bit
    // leftmost. The optional unicode table says which characters each glyph
    // draws; a font without one is indexed by character code. Parsed once and
    // copied, so the kernel keeps no reference to the boot module it came from.
    public sealed class PsfFont
    {
        private const int Psf1HeaderSize = 4;
        private const byte Psf1Mode512 = 0x01, Psf1ModeHasTable = 0x02;
        private const ushort Psf1Separator = 0xFFFF, Psf1SequenceStart = 0xFFFE;
        private const uint Psf2Magic = 0x864AB572;
        private const int Psf2MinimumHeaderSize = 32;
        private const uint Psf2FlagHasTable = 0x01;
        private const byte Psf2Separator = 0xFF, Psf2SequenceStart = 0xFE;
        private const int MaxWidth = 32;     // a glyph row is read as one 32-bit word
        private const int MaxHeight = 64;
        private const ushort NoGlyph = 0xFFFF;

        private readonly byte[] _glyphs;
        // Characters below 256 straight; the rest in ascending order for a binary search.
        private readonly ushort[] _latin1 = new ushort[256];
        private char[] _otherChars = new char[0];
        private ushort[] _otherGlyphs = new ushort[0];

        private PsfFont(int width, int height, int count, int bytesPerGlyph, byte[] glyphs)
        {
            Width = width;
            Height = height;
            GlyphCount = count;
            BytesPerGlyph = bytesPerGlyph;
            BytesPerRow = (width + 7) / 8;
            _glyphs = glyphs;
            for (int i = 0; i < _latin1.Length; i++) _latin1[i] = NoGlyph;
        }

        public int Width { get; }
        public int Height { get; }
        public int GlyphCount { get; }
        public int BytesPerGlyph { get; }
        public int BytesPerRow { get; }
        // Drawn for characters the font lacks: U+FFFD, else '?', else glyph 0.
        public int ReplacementGlyph { get; private set; }

        public static bool TryParse(ReadOnlySpan<byte> file, out PsfFont font, out string error)
        {
            font = null;
            if (file.Length >= 2 && file[0] == 0x36 && file[1] == 0x04) return TryParsePsf1(file, out font, out error);
            if (file.Length >= 4 && ReadUInt32(file, 0) == Psf2Magic) return TryParsePsf2(file, out font, out error);
            error = "not a PSF font (no PSF1 or PSF2 magic)";
            return false;
        }

        private static bool TryParsePsf1(ReadOnlySpan<byte> file, out PsfFont font, out string error)
        {
            font = null;
            if (file.Length < Psf1HeaderSize)
            {
                error = "PSF1 header cut short";
                return false;
            }
            byte mode = file[2];
            int height = file[3];
            int count = (mode & Psf1Mode512) != 0 ? 512 : 256;
            if (!CheckGeometry(8, height, count, height, file.Length - Psf1HeaderSize, out error)) return false;
            font = new PsfFont(8, height, count, height, file.Slice(Psf1HeaderSize, count * height).ToArray());
            var table = file.Slice(Psf1HeaderSize + count * height);
            if ((mode & Psf1ModeHasTable) != 0) font.ReadPsf1Table(table);
            else font.MapByIndex();
            font.ChooseReplacement();
            return true;
        }

        private static bool TryParsePsf2(ReadOnlySpan<byte> file, out PsfFont font, out string error)
        {
            font = null;
            if (file.Length < Psf2MinimumHeaderSize)
            {
                error = "PSF2 header cut short";
                return false;
            }
            uint headerSize = ReadUInt32(file, 8), flags = ReadUInt32(file, 12), count = ReadUInt32(file, 16);
            uint bytesPerGlyph = ReadUInt32(file, 20), height = ReadUInt32(file, 24), width = ReadUInt32(file, 28);
            if (headerSize < Psf2MinimumHeaderSize || headerSize > (uint)file.Length)
            {
                error = "PSF2 header size " + headerSize.ToString() + " does not fit the " + file.Length.ToString() + "-byte file";
                return false;
            }
            if (width == 0 || width > MaxWidth || height == 0 || height > MaxHeight || count == 0 || count > 0x10000)
            {
                error = "PSF2 glyphs of " + width.ToString() + "x" + height.ToString() + " pixels, " + count.ToString() + " of them: unsupported";
                return false;
            }
            if (!CheckGeometry((int)width, (int)height, (int)count, (int)bytesPerGlyph, file.Length - (int)headerSize, out error)) return false;
            int glyphBytes = (int)count * (int)bytesPerGlyph;
            font = new PsfFont((int)width, (int)height, (int)count, (int)bytesPerGlyph, file.Slice((int)headerSize, glyphBytes).ToArray());
            var table = file.Slice((int)headerSize + glyphBytes);
            if ((flags & Psf2FlagHasTable) != 0) font.ReadPsf2Table(table);
            else font.MapByIndex();
            font.ChooseReplacement();
            return true;
        }

        private static bool CheckGeometry(int width, int height, int count, int bytesPerGlyph, int bytesAfterHeader, out string error)
        {
            error = null;
            if (height == 0 || height > MaxHeight)
                error = "glyph height " + height.ToString() + " is unsupported (1-" + MaxHeight.ToString() + ")";
            else if (bytesPerGlyph < (width + 7) / 8 * height)
                error = "glyphs of " + bytesPerGlyph.ToString() + " bytes cannot hold " + width.ToString() + "x" + height.ToString() + " pixels";
            else if ((long)count * bytesPerGlyph > bytesAfterHeader)
                error = count.ToString() + " glyphs of " + bytesPerGlyph.ToString() + " bytes run past the end of the file";
            return error is null;
        }

        // The glyph that draws c (ReplacementGlyph when the font has none).
        public int GlyphIndex(char c)
        {
            int glyph = Lookup(c);
            return glyph < 0 ? ReplacementGlyph : glyph;
        }

        public bool HasGlyphFor(char c) => Lookup(c) >= 0;

        private int Lookup(char c)
        {
            if (c < 256) return _latin1[c] == NoGlyph ? -1 : _latin1[c];
            int low = 0, high = _otherChars.Length - 1;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                if (_otherChars[middle] == c) return _otherGlyphs[middle];
                if (_otherChars[middle] < c) low = middle + 1;
                else high = middle - 1;
            }
            return -1;
        }

        // One row of a glyph as bits, leftmost pixel in bit Width - 1.
        public uint Row(int glyph, int y)
        {
            int at = glyph * BytesPerGlyph + y * BytesPerRow;
            uint bits = 0;
            for (int i = 0; i < BytesPerRow; i++) bits = (bits << 8) | _glyphs[at + i];
            return bits >> (BytesPerRow * 8 - Width);
        }

        private void MapByIndex()
        {
            int count = GlyphCount < 256 ? GlyphCount : 256;
            for (int i = 0; i < count; i++) _latin1[i] = (ushort)i;
        }

        // UCS-2 entries per glyph up to FFFF; FFFE starts multi-character sequences, which are skipped.
        private void ReadPsf1Table(ReadOnlySpan<byte> table)
        {
            var pairs = new PairList();
            int glyph = 0;
            bool inSequence = false;
            for (int at = 0; at + 1 < table.Length && glyph < GlyphCount; at += 2)
            {
                ushort value = (ushort)(table[at] | table[at + 1] << 8);
                if (value == Psf1Separator)
                {
                    glyph++;
                    inSequence = false;
                }
                else if (value == Psf1SequenceStart) inSequence = true;
                else if (!inSequence) Map((char)value, glyph, pairs);
            }
            KeepOthers(pairs);
        }

        // UTF-8 characters per glyph up to FF; FE starts multi-character sequences, which are skipped.
        private void ReadPsf2Table(ReadOnlySpan<byte> table)
        {
            var pairs = new PairList();
            int glyph = 0;
            bool inSequence = false;
            int at = 0;
            while (at < table.Length && glyph < GlyphCount)
            {
                byte lead = table[at];
                if (lead == Psf2Separator)
                {
                    glyph++;
                    inSequence = false;
                    at++;
                    continue;
                }
                if (lead == Psf2SequenceStart)
                {
                    inSequence = true;
                    at++;
                    continue;
                }
                int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
                if (at + length > table.Length) break;
                int code = length == 1 ? lead : lead & (0x7F >> length);
                for (int i = 1; i < length; i++) code = (code << 6) | (table[at + i] & 0x3F);
                at += length;
                // Characters beyond the 16-bit plane are never written to the console.
                if (!inSequence && code <= 0xFFFF) Map((char)code, glyph, pairs);
            }
            KeepOthers(pairs);
        }

        // The first glyph a character is listed for wins.
        private void Map(char c, int glyph, PairList others)
        {
            if (c < 256)
            {
                if (_latin1[c] == NoGlyph) _latin1[c] = (ushort)glyph;
            }
            else others.Add(c, (ushort)glyph);
        }

        private void KeepOthers(PairList pairs)
        {
            pairs.SortKeepingFirst(out _otherChars, out _otherGlyphs);
        }

        private void ChooseReplacement()
        {
            int glyph = Lookup('\uFFFD');
            if (glyph < 0) glyph = Lookup('?');
            ReplacementGlyph = glyph < 0 ? 0 : glyph;
        }

        private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) =>
            (uint)(bytes[offset] | bytes[offset + 1] << 8 | bytes[offset + 2] << 16 | bytes[offset + 3] << 24);

        // Characters above Latin-1 with their glyphs, gathered while reading a table.
        private sealed class PairList
        {
            private char[] _chars = new char[64];
            private ushort[] _glyphs = new ushort[64];
            private int _count;

            public void Add(char c, ushort glyph)
            {
                if (_count == _chars.Length)
                {
                    var chars = new char[_count * 2];
                    var glyphs = new ushort[_count * 2];
                    new ReadOnlySpan<char>(_chars).CopyTo(chars);
                    new ReadOnlySpan<ushort>(_glyphs).CopyTo(glyphs);
                    (_chars, _glyphs) = (chars, glyphs);
                }
                _chars[_count] = c;
                _glyphs[_count++] = glyph;
            }

            // Insertion sort, stable, so the first glyph listed for a character stays first; duplicates dropped.
            public void SortKeepingFirst(out char[] chars, out ushort[] glyphs)
            {
                for (int i = 1; i < _count; i++)
                {
                    char c = _chars[i];
                    ushort g = _glyphs[i];
                    int j = i - 1;
                    while (j >= 0 && _chars[j] > c)
                    {
                        _chars[j + 1] = _chars[j];
                        _glyphs[j + 1] = _glyphs[j];
                        j--;
                    }
                    _chars[j + 1] = c;
                    _glyphs[j + 1] = g;
                }
                int unique = 0;
                for (int i = 0; i < _count; i++)
                    if (unique == 0 || _chars[unique - 1] != _chars[i])
                    {
                        _chars[unique] = _chars[i];
                        _glyphs[unique++] = _glyphs[i];
                    }
                chars = new char[unique];
                glyphs = new ushort[unique];
                new ReadOnlySpan<char>(_chars, 0, unique).CopyTo(chars);
                new ReadOnlySpan<ushort>(_glyphs, 0, unique).CopyTo(glyphs);
            }
        }
    }
}
