using System.Runtime.InteropServices;

namespace Zos.Tests.Host.Screen;

// Framebuffer memory for host tests: Height rows of Pitch bytes, every byte
// first set to a sentinel so that a test can tell which were written.
public sealed unsafe class SimulatedFramebuffer : IDisposable
{
    public const byte Sentinel = 0xA5;

    public SimulatedFramebuffer(int width, int height, int pitch, int bytesPerPixel)
    {
        (Width, Height, Pitch, BytesPerPixel) = (width, height, pitch, bytesPerPixel);
        Pixels = (byte*)NativeMemory.Alloc((nuint)(pitch * height));
        new Span<byte>(Pixels, pitch * height).Fill(Sentinel);
    }

    public byte* Pixels { get; }
    public int Width { get; }
    public int Height { get; }
    public int Pitch { get; }
    public int BytesPerPixel { get; }

    public uint Pixel(int x, int y)
    {
        byte* at = Pixels + y * Pitch + x * BytesPerPixel;
        uint value = 0;
        for (int i = BytesPerPixel - 1; i >= 0; i--) value = value << 8 | at[i];
        return value;
    }

    public byte Byte(int offset) => Pixels[offset];

    public int Length => Pitch * Height;

    public void Dispose() => NativeMemory.Free(Pixels);
}
