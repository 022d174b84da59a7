using Zos.Kernel.Screen;

namespace Zos.Tests.Host.Screen;

public unsafe class EgaTextSurfaceTests
{
    [TestCase('A', TextAttribute.Yellow, TextAttribute.Blue, 0x1E41)]
    [TestCase('z', TextAttribute.LightGray, TextAttribute.Black, 0x077A)]
    [TestCase('!', TextAttribute.White, TextAttribute.Red, 0x4F21)]
    // Bit 7 would blink: a bright background is shown as its dark twin.
    [TestCase('x', TextAttribute.White, TextAttribute.BrightRed, 0x4F78)]
    // Code page 437 is not Latin-1: what is not ASCII shows as '?'.
    [TestCase('\u00E9', TextAttribute.LightGray, TextAttribute.Black, 0x073F)]
    [TestCase('\u2500', TextAttribute.LightGray, TextAttribute.Black, 0x073F)]
    public void EncodesCharacterAndAttributeAsTheAdapterStoresThem(char c, int foreground, int background, int expected) =>
        Assert.That(EgaTextSurface.Encode(TextCell.Make(c, TextAttribute.Make(foreground, background))), Is.EqualTo((ushort)expected));

    [Test]
    public void TheCursorBitMovesTheHardwareCursorAndIsNotStored()
    {
        var cells = new ushort[8 * 3];
        var moves = new List<(int, int)>();
        fixed (ushort* memory = cells)
        {
            var surface = new EgaTextSurface(memory, 8, 3, (row, column) => moves.Add((row, column)));
            surface.DrawCell(1, 5, TextCell.Make('q', TextAttribute.Default));
            surface.DrawCell(2, 3, TextCell.Make('r', TextAttribute.Default) | TextCell.CursorBit);
        }
        Assert.That(cells[1 * 8 + 5], Is.EqualTo((ushort)0x0771));
        Assert.That(cells[2 * 8 + 3], Is.EqualTo((ushort)0x0772));
        Assert.That(moves, Is.EqualTo(new[] { (2, 3) }));
    }

    [Test]
    public void ScrollingMovesCellsUpAndBlanksTheBottom()
    {
        var cells = new ushort[4 * 3];
        for (int i = 0; i < cells.Length; i++) cells[i] = (ushort)(0x0700 + 'a' + i);
        fixed (ushort* memory = cells) new EgaTextSurface(memory, 4, 3, null).ScrollUp(2);
        Assert.That(cells, Is.EqualTo(new ushort[] { 0x0769, 0x076A, 0x076B, 0x076C, 0x0720, 0x0720, 0x0720, 0x0720, 0x0720, 0x0720, 0x0720, 0x0720 }));
    }
}
