using Zos.Kernel.Boot;

namespace Zos.Tests.Host;

// The framebuffer info tag (type 8): what screen GRUB left set up.
public class Multiboot2FramebufferTests
{
    [Test]
    public void ReadsAnRgbFramebufferWithItsColourFields()
    {
        var bytes = new Multiboot2InfoBuilder().Framebuffer(0xFD000000, 4096, 1024, 768, 32, 1, 16, 8, 8, 8, 0, 8).End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out var info, out string error), Is.True, error);
        FramebufferInfo fb = info.Framebuffer;
        Assert.That((fb.Address, fb.Pitch, fb.Width, fb.Height, fb.BitsPerPixel, fb.Kind), Is.EqualTo((0xFD000000UL, 4096u, 1024u, 768u, (byte)32, FramebufferKind.Rgb)));
        Assert.That((fb.Red.Position, fb.Red.Size, fb.Green.Position, fb.Green.Size, fb.Blue.Position, fb.Blue.Size),
            Is.EqualTo(((byte)16, (byte)8, (byte)8, (byte)8, (byte)0, (byte)8)));
        Assert.That(fb.SizeBytes, Is.EqualTo(4096UL * 768));
    }

    [Test]
    public void ReadsTheEgaTextScreen()
    {
        var bytes = new Multiboot2InfoBuilder().Framebuffer(0xB8000, 160, 80, 25, 16, 2).End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out var info, out string error), Is.True, error);
        Assert.That(info.Framebuffer.Kind, Is.EqualTo(FramebufferKind.EgaText));
        Assert.That(info.Framebuffer.Describe(), Is.EqualTo("EGA text 80x25 at 0xb8000"));
    }

    [Test]
    public void NoTagMeansNoScreen()
    {
        var bytes = new Multiboot2InfoBuilder().End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out var info, out _), Is.True);
        Assert.That(info.Framebuffer, Is.Null);
    }

    [Test]
    public void RejectsAnRgbTagTooShortForItsColourFields()
    {
        var bytes = new Multiboot2InfoBuilder().Framebuffer(0xFD000000, 4096, 1024, 768, 32, 1, 16, 8, 8).End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out _, out string error), Is.False);
        Assert.That(error, Does.Contain("tag 8 at offset 0x8 is an RGB framebuffer of size 35, too short for its colour fields (at least 38)"));
    }

    [Test]
    public void RejectsATagTooShortForTheCommonFields()
    {
        var bytes = new Multiboot2InfoBuilder().Tag(8, new byte[20]).End().Build();
        Assert.That(Multiboot2Info.TryParse(bytes, out _, out string error), Is.False);
        Assert.That(error, Does.Contain("tag 8 at offset 0x8 has size 28, too short for its fields (at least 32)"));
    }
}
