using Zos.Kernel.Screen;
using Zos.Tests.Qemu;

namespace Zos.Tests.Host.Screen;

// The QEMU tests read the screen with ScreenReader: here it reads what the
// kernel's own drawing code put into a framebuffer, so a failure there is
// about the screen, not the reader.
public unsafe class ScreenReaderTests
{
    private static readonly PsfFont Font = PsfBuilder.DistinctGlyphs8x16();

    private static PpmImage Picture(SimulatedFramebuffer memory)
    {
        var header = System.Text.Encoding.ASCII.GetBytes($"P6\n{memory.Width} {memory.Height}\n255\n");
        var bytes = new byte[header.Length + memory.Width * memory.Height * 3];
        header.CopyTo(bytes, 0);
        int at = header.Length;
        for (int y = 0; y < memory.Height; y++)
            for (int x = 0; x < memory.Width; x++, at += 3)
            {
                uint pixel = memory.Pixel(x, y);
                (bytes[at], bytes[at + 1], bytes[at + 2]) = ((byte)(pixel >> 16), (byte)(pixel >> 8), (byte)pixel);
            }
        return PpmImage.Parse(bytes);
    }

    [Test]
    public void ReadsBackTextTheConsoleDrewWithItsColoursAndCursor()
    {
        using var memory = new SimulatedFramebuffer(80, 48, 80 * 4, 4);
        var surface = new FramebufferTextSurface(memory.Pixels, 80, 48, 80 * 4, new PixelFormat(32, 16, 8, 8, 8, 0, 8), Font);
        var console = new ScreenConsole(surface);
        console.Write("error: x", Zos.Kernel.ConsoleStyle.Error);
        console.Write("\nzos> ", Zos.Kernel.ConsoleStyle.Prompt);
        console.TakeSnapshot();
        console.DrawSnapshot();

        ScreenText text = new ScreenReader(Font).Read(Picture(memory));
        Assert.That(text.Rows, Is.EqualTo(new[] { "error: x", "zos>", "" }));
        Assert.That(text.InkAt(0, 0), Is.EqualTo(0xFF5555));
        Assert.That(text.InkAt(1, 0), Is.EqualTo(0x55FF55));
        Assert.That(text.FindLines(["error: x", "zos>"]), Is.EqualTo(0));
        Assert.That(text.FindLines(["zos>", "error: x"]), Is.EqualTo(-1));
    }
}
