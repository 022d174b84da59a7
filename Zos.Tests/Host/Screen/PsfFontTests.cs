using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

public class PsfFontTests
{
    private static PsfFont Parse(byte[] file)
    {
        Assert.That(PsfFont.TryParse(file, out var font, out string error), Is.True, error);
        return font;
    }

    private static string Error(byte[] file)
    {
        Assert.That(PsfFont.TryParse(file, out var font, out string error), Is.False);
        Assert.That(font, Is.Null);
        return error;
    }

    // Like Debian's Lat15 fonts: ASCII in place, Latin-1 elsewhere (U+00E9 é drawn by glyph 130).
    [Test]
    public void Psf1UnicodeTableDecidesWhichGlyphDrawsACharacter()
    {
        var table = new ushort[256][];
        for (int g = 0; g < 128; g++) table[g] = [(ushort)g];
        table[130] = [0x00E9];
        table[200] = [0x2500, 0x2501];                              // two characters, one glyph
        table[201] = [0x00C9, 0xFFFE, 0x0045, 0x0301];              // É, then a sequence (E + combining acute) that must not map
        var font = Parse(PsfBuilder.Psf1(16, false, table));
        Assert.That((font.Width, font.Height, font.GlyphCount, font.BytesPerRow), Is.EqualTo((8, 16, 256, 1)));
        Assert.That(font.GlyphIndex('A'), Is.EqualTo(65));
        Assert.That(font.GlyphIndex('\u00E9'), Is.EqualTo(130));
        Assert.That(font.GlyphIndex('\u2501'), Is.EqualTo(200));
        Assert.That(font.GlyphIndex('\u00C9'), Is.EqualTo(201));
        Assert.That(font.GlyphIndex('E'), Is.EqualTo(69), "a sequence's characters are not the glyph's own");
        Assert.That(font.GlyphIndex('\u0301'), Is.EqualTo(font.ReplacementGlyph));
    }

    [Test]
    public void Psf1WithoutTableIsIndexedByCharacterCode()
    {
        var font = Parse(PsfBuilder.Psf1(8, false, null));
        Assert.That(font.GlyphIndex('\u00E9'), Is.EqualTo(0xE9));
        Assert.That(font.Row(0xE9, 3), Is.EqualTo(0xE9u));
        Assert.That(font.HasGlyphFor('\u2500'), Is.False);
    }

    [Test]
    public void Psf1Mode512HasFiveHundredTwelveGlyphs()
    {
        var table = new ushort[512][];
        table[300] = [0x263A];
        var font = Parse(PsfBuilder.Psf1(14, true, table));
        Assert.That(font.GlyphCount, Is.EqualTo(512));
        Assert.That(font.GlyphIndex('\u263A'), Is.EqualTo(300));
    }

    [Test]
    public void Psf2Utf8TableWithMultiByteCharactersAndSequences()
    {
        var table = new string[64];
        table[1] = "A";
        table[2] = "\u00E9\u0416";              // 2-byte and 2-byte UTF-8
        table[3] = "\u2588\uFFFEXY";            // 3-byte, then a sequence
        table[4] = "?";
        var font = Parse(PsfBuilder.Psf2(8, 16, 64, table));
        Assert.That(font.GlyphIndex('A'), Is.EqualTo(1));
        Assert.That(font.GlyphIndex('\u00E9'), Is.EqualTo(2));
        Assert.That(font.GlyphIndex('\u0416'), Is.EqualTo(2));
        Assert.That(font.GlyphIndex('\u2588'), Is.EqualTo(3));
        Assert.That(font.HasGlyphFor('X'), Is.False, "a sequence's characters are not the glyph's own");
        Assert.That(font.ReplacementGlyph, Is.EqualTo(4), "without U+FFFD, '?' is drawn for what the font lacks");
        Assert.That(font.GlyphIndex('Z'), Is.EqualTo(4));
    }

    [Test]
    public void ReplacementPrefersUFFFDOverQuestionMark()
    {
        var table = new string[8];
        table[5] = "?";
        table[6] = "\uFFFD";
        Assert.That(Parse(PsfBuilder.Psf2(8, 8, 8, table)).ReplacementGlyph, Is.EqualTo(6));
    }

    [Test]
    public void FirstGlyphListedForACharacterWins()
    {
        var table = new string[8];
        table[2] = "\u2500";
        table[5] = "\u2500B";
        table[6] = "B";
        var font = Parse(PsfBuilder.Psf2(8, 8, 8, table));
        Assert.That(font.GlyphIndex('\u2500'), Is.EqualTo(2));
        Assert.That(font.GlyphIndex('B'), Is.EqualTo(5));
    }

    // 12 pixels wide: two bytes a row, the 12 bits aligned to the right of the word.
    [Test]
    public void WideGlyphRowsSpanSeveralBytes()
    {
        var file = PsfBuilder.Psf2(12, 4, 2, null);
        int glyphStart = 32 + 8;               // glyph 1 (8 bytes each)
        file[glyphStart + 2] = 0b1000_0000;    // row 1: leftmost pixel
        file[glyphStart + 3] = 0b0001_0000;    // and the twelfth
        var font = Parse(file);
        Assert.That(font.BytesPerRow, Is.EqualTo(2));
        Assert.That(font.Row(1, 1), Is.EqualTo(0b1000_0000_0001u));
    }

    [Test]
    public void Psf2HeaderMayBeLargerThanThirtyTwoBytes()
    {
        var table = new string[4];
        table[3] = "Q";
        var font = Parse(PsfBuilder.Psf2(8, 8, 4, table, headerSize: 48));
        Assert.That(font.Row(3, 0), Is.EqualTo(3u));
        Assert.That(font.GlyphIndex('Q'), Is.EqualTo(3));
    }

    [Test]
    public void RejectsWhatIsNoFont() => Assert.That(Error([1, 2, 3, 4]), Is.EqualTo("not a PSF font (no PSF1 or PSF2 magic)"));

    [Test]
    public void RejectsGlyphsRunningPastTheEnd()
    {
        var file = PsfBuilder.Psf1(16, false, null);
        Assert.That(Error(file[..1000]), Is.EqualTo("256 glyphs of 16 bytes run past the end of the file"));
    }

    [Test]
    public void RejectsAPsf2HeaderSizeBeyondTheFile()
    {
        var file = PsfBuilder.Psf2(8, 8, 4, null);
        BitConverter.GetBytes(4000u).CopyTo(file, 8);
        Assert.That(Error(file), Does.StartWith("PSF2 header size 4000 does not fit"));
    }

    [Test]
    public void RejectsGlyphsTooSmallForTheirPixels()
    {
        var file = PsfBuilder.Psf2(16, 8, 4, null);
        BitConverter.GetBytes(8u).CopyTo(file, 20);
        Assert.That(Error(file), Is.EqualTo("glyphs of 8 bytes cannot hold 16x8 pixels"));
    }

    [Test]
    public void RejectsGlyphsWiderThanThirtyTwoPixels() =>
        Assert.That(Error(PsfBuilder.Psf2(40, 8, 4, null)), Does.Contain("40x8 pixels, 4 of them: unsupported"));
}
