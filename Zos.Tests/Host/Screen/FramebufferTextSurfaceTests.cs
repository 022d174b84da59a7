using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

public unsafe class FramebufferTextSurfaceTests
{
    private static readonly PsfFont Font = PsfBuilder.DistinctGlyphs8x16();

    public record Format(int Bits, PixelFormat Pixels, uint BrightRed, uint Blue, uint LightGray, uint Black)
    {
        public override string ToString() => Bits + " bpp";
    }

    // Each format's pixel values written out by hand, not computed by the code under test.
    public static readonly Format[] Formats =
    [
        new(32, new PixelFormat(32, 16, 8, 8, 8, 0, 8), 0x00FF5555, 0x000000AA, 0x00AAAAAA, 0),
        new(24, new PixelFormat(24, 16, 8, 8, 8, 0, 8), 0xFF5555, 0x0000AA, 0xAAAAAA, 0),
        new(16, new PixelFormat(16, 11, 5, 5, 6, 0, 5), 0xFAAA, 0x0015, 0xAD55, 0),
    ];

    // 3 columns and 2 rows of 8x16 cells with pixels to spare right and below, and 12 bytes of padding per row.
    private static SimulatedFramebuffer Memory(Format format) => new(26, 35, 26 * format.Pixels.BytesPerPixel + 12, format.Pixels.BytesPerPixel);

    private static FramebufferTextSurface Surface(SimulatedFramebuffer memory, Format format) =>
        new(memory.Pixels, memory.Width, memory.Height, memory.Pitch, format.Pixels, Font);

    private static uint Cell(char c, int foreground, int background) => TextCell.Make(c, TextAttribute.Make(foreground, background));

    private static void AssertGlyph(SimulatedFramebuffer memory, int row, int column, char c, uint foreground, uint background, bool cursor = false)
    {
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 8; x++)
            {
                bool lit = (cursor && y >= 14) || (c & (0x80 >> x)) != 0;
                Assert.That(memory.Pixel(column * 8 + x, row * 16 + y), Is.EqualTo(lit ? foreground : background), $"pixel ({x},{y}) of cell ({row},{column})");
            }
    }

    private static bool InCell(SimulatedFramebuffer memory, int offset, int row, int column)
    {
        int y = offset / memory.Pitch, x = offset % memory.Pitch / memory.BytesPerPixel;
        return offset % memory.Pitch < memory.Width * memory.BytesPerPixel && y / 16 == row && x / 8 == column && y < 32 && x < 24;
    }

    [TestCaseSource(nameof(Formats))]
    public void DrawsAGlyphInItsColoursAndNothingElse(Format format)
    {
        using var memory = Memory(format);
        var surface = Surface(memory, format);
        Assert.That((surface.Columns, surface.Rows), Is.EqualTo((3, 2)));
        surface.DrawCell(1, 2, Cell('A', TextAttribute.BrightRed, TextAttribute.Blue));
        AssertGlyph(memory, 1, 2, 'A', format.BrightRed, format.Blue);
        for (int offset = 0; offset < memory.Length; offset++)
            if (!InCell(memory, offset, 1, 2)) Assert.That(memory.Byte(offset), Is.EqualTo(SimulatedFramebuffer.Sentinel), $"byte {offset} is outside the cell");
    }

    [TestCaseSource(nameof(Formats))]
    public void TheCursorUnderlinesTheCell(Format format)
    {
        using var memory = Memory(format);
        Surface(memory, format).DrawCell(0, 1, Cell('A', TextAttribute.LightGray, TextAttribute.Black) | TextCell.CursorBit);
        AssertGlyph(memory, 0, 1, 'A', format.LightGray, format.Black, cursor: true);
    }

    [TestCaseSource(nameof(Formats))]
    public void ClearBlanksTheTextAreaOnly(Format format)
    {
        using var memory = Memory(format);
        Surface(memory, format).Clear();
        for (int offset = 0; offset < memory.Length; offset++)
        {
            bool text = offset % memory.Pitch < 24 * format.Pixels.BytesPerPixel && offset / memory.Pitch < 32;
            Assert.That(memory.Byte(offset), text ? Is.EqualTo(0) : Is.EqualTo(SimulatedFramebuffer.Sentinel), $"byte {offset}");
        }
    }

    [TestCaseSource(nameof(Formats))]
    public void ScrollingMovesTextUpAndBlanksTheNewRow(Format format)
    {
        using var memory = Memory(format);
        var surface = Surface(memory, format);
        surface.Clear();
        surface.DrawCell(1, 0, Cell('A', TextAttribute.BrightRed, TextAttribute.Blue));
        surface.DrawCell(1, 1, Cell('B', TextAttribute.LightGray, TextAttribute.Black));
        surface.ScrollUp(1);
        AssertGlyph(memory, 0, 0, 'A', format.BrightRed, format.Blue);
        AssertGlyph(memory, 0, 1, 'B', format.LightGray, format.Black);
        for (int column = 0; column < 3; column++) AssertGlyph(memory, 1, column, ' ', format.Black, format.Black);
    }

    // A scroll copies only as far as the lower row was drawn: the longer
    // text the upper row had beyond that must still be cleared.
    [TestCaseSource(nameof(Formats))]
    public void ScrollingClearsWhatALongerRowLeavesBehind(Format format)
    {
        using var memory = Memory(format);
        var surface = Surface(memory, format);
        surface.Clear();
        for (int column = 0; column < 3; column++) surface.DrawCell(0, column, Cell('W', TextAttribute.White, TextAttribute.Blue));
        surface.DrawCell(1, 0, Cell('i', TextAttribute.LightGray, TextAttribute.Black));
        surface.ScrollUp(1);
        AssertGlyph(memory, 0, 0, 'i', format.LightGray, format.Black);
        AssertGlyph(memory, 0, 1, ' ', format.Black, format.Black);
        AssertGlyph(memory, 0, 2, ' ', format.Black, format.Black);
        surface.ScrollUp(1);
        AssertGlyph(memory, 0, 0, ' ', format.Black, format.Black);
    }

    [TestCaseSource(nameof(Formats))]
    public void ScrollingAllRowsClearsEverything(Format format)
    {
        using var memory = Memory(format);
        var surface = Surface(memory, format);
        surface.DrawCell(0, 0, Cell('A', TextAttribute.White, TextAttribute.Red));
        surface.DrawCell(1, 2, Cell('B', TextAttribute.White, TextAttribute.Red));
        surface.ScrollUp(5);
        AssertGlyph(memory, 0, 0, ' ', format.Black, format.Black);
        AssertGlyph(memory, 1, 2, ' ', format.Black, format.Black);
    }

    [Test]
    public void PixelFormatsOutsideSixteenToThirtyTwoBitsAreRefused()
    {
        Assert.That(new PixelFormat(8, 0, 3, 3, 3, 6, 2).Problem(), Is.EqualTo("8 bits per pixel (16, 24 and 32 are drawn)"));
        Assert.That(new PixelFormat(16, 11, 5, 5, 6, 12, 5).Problem(), Is.EqualTo("a colour field lies outside the 16-bit pixel"));
        Assert.That(new PixelFormat(32, 0, 8, 8, 8, 16, 8).Problem(), Is.Null);
    }

    [Test]
    public void EncodingKeepsEachChannelsTopBitsWhereItsFieldIs()
    {
        Assert.That(new PixelFormat(32, 0, 8, 8, 8, 16, 8).Encode(0x12, 0x34, 0x56), Is.EqualTo(0x563412u), "BGR order");
        Assert.That(new PixelFormat(16, 10, 5, 5, 5, 0, 5).Encode(0xFF, 0x80, 0x08), Is.EqualTo(0x7C00u | 0x200u | 0x1u), "5-5-5");
    }

    [Test]
    public void AFramebufferTooSmallOrWithAShortPitchIsRefused()
    {
        var format = new PixelFormat(32, 16, 8, 8, 8, 0, 8);
        Assert.That(FramebufferTextSurface.Problem(1024, 768, 4000, format, Font), Is.EqualTo("pitch 4000 is shorter than a row of 1024 pixels"));
        Assert.That(FramebufferTextSurface.Problem(4, 768, 16, format, Font), Is.EqualTo("4x768 pixels hold no 8x16 cell"));
        Assert.That(FramebufferTextSurface.Problem(1024, 768, 4096, format, Font), Is.Null);
    }
}
