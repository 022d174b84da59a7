using System.Text;
using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

// Makes PSF1 and PSF2 font files the way psfaddtable and the kbd tools lay them out.
public static class PsfBuilder
{
    // A glyph whose every row is its index's low byte (so glyphs tell themselves apart).
    public static byte[] Glyphs(int count, int bytesPerGlyph)
    {
        var glyphs = new byte[count * bytesPerGlyph];
        for (int g = 0; g < count; g++)
            for (int i = 0; i < bytesPerGlyph; i++) glyphs[g * bytesPerGlyph + i] = (byte)g;
        return glyphs;
    }

    // 256 8x16 glyphs indexed by character code, each row of glyph g being g: no two characters look alike
    // ('A', 0x41, lights pixels 1 and 7 of every row).
    public static PsfFont DistinctGlyphs8x16()
    {
        Assert.That(PsfFont.TryParse(Psf2(8, 16, 256, null), out var font, out string error), Is.True, error);
        return font;
    }

    // table: per glyph, its characters, then (optionally) sequences introduced by FFFE.
    public static byte[] Psf1(int height, bool glyphs512, ushort[]?[]? table)
    {
        int count = glyphs512 ? 512 : 256;
        var bytes = new List<byte> { 0x36, 0x04, (byte)((glyphs512 ? 1 : 0) | (table is null ? 0 : 2)), (byte)height };
        bytes.AddRange(Glyphs(count, height));
        if (table is not null)
            for (int g = 0; g < count; g++)
            {
                foreach (var value in (g < table.Length ? table[g] : null) ?? [])
                    bytes.AddRange(BitConverter.GetBytes(value));
                bytes.AddRange(BitConverter.GetBytes((ushort)0xFFFF));
            }
        return bytes.ToArray();
    }

    // table: per glyph, a string of its characters; a '\uFFFE' in it starts the sequences.
    public static byte[] Psf2(int width, int height, int count, string?[]? table, int headerSize = 32)
    {
        int bytesPerGlyph = (width + 7) / 8 * height;
        var header = new byte[headerSize];
        BitConverter.GetBytes(0x864AB572u).CopyTo(header, 0);
        BitConverter.GetBytes((uint)headerSize).CopyTo(header, 8);
        BitConverter.GetBytes(table is null ? 0u : 1u).CopyTo(header, 12);
        BitConverter.GetBytes((uint)count).CopyTo(header, 16);
        BitConverter.GetBytes((uint)bytesPerGlyph).CopyTo(header, 20);
        BitConverter.GetBytes((uint)height).CopyTo(header, 24);
        BitConverter.GetBytes((uint)width).CopyTo(header, 28);
        var bytes = new List<byte>(header);
        bytes.AddRange(Glyphs(count, bytesPerGlyph));
        if (table is not null)
            for (int g = 0; g < count; g++)
            {
                string entry = (g < table.Length ? table[g] : null) ?? "";
                foreach (char c in entry)
                    if (c == '\uFFFE') bytes.Add(0xFE);
                    else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                bytes.Add(0xFF);
            }
        return bytes.ToArray();
    }
}
