namespace Zos.Kernel.Boot
{
    // What screen the loader left set up: the multiboot2 framebuffer info tag
    // (type 8, spec 3.6.12). An RGB framebuffer is linear memory of Height rows,
    // Pitch bytes apart, of BitsPerPixel pixels whose colour fields lie where
    // the Red/Green/Blue positions and sizes say; EGA text is the 80x25 cell
    // array at 0xB8000 (Width and Height count characters then).
    public sealed class FramebufferInfo
    {
        public FramebufferInfo(ulong address, uint pitch, uint width, uint height, byte bitsPerPixel, FramebufferKind kind,
            ColorField red, ColorField green, ColorField blue)
        {
            Address = address;
            Pitch = pitch;
            Width = width;
            Height = height;
            BitsPerPixel = bitsPerPixel;
            Kind = kind;
            Red = red;
            Green = green;
            Blue = blue;
        }

        public ulong Address { get; }
        public uint Pitch { get; }          // bytes from one row to the next (at least a row's pixels)
        public uint Width { get; }
        public uint Height { get; }
        public byte BitsPerPixel { get; }
        public FramebufferKind Kind { get; }

        // Only for FramebufferKind.Rgb.
        public ColorField Red { get; }
        public ColorField Green { get; }
        public ColorField Blue { get; }

        public ulong SizeBytes => (ulong)Pitch * Height;

        public string Describe() =>
            Kind == FramebufferKind.EgaText
                ? "EGA text " + Width.ToString() + "x" + Height.ToString() + " at 0x" + Address.ToString("x")
                : (Kind == FramebufferKind.Rgb ? "RGB" : Kind == FramebufferKind.Indexed ? "indexed" : "unknown kind " + ((int)Kind).ToString())
                    + " framebuffer " + Width.ToString() + "x" + Height.ToString() + "x" + BitsPerPixel.ToString()
                    + " pitch " + Pitch.ToString() + " at 0x" + Address.ToString("x");
    }

    public enum FramebufferKind : byte
    {
        Indexed = 0,
        Rgb = 1,
        EgaText = 2,
    }

    // One colour channel of an RGB pixel: its lowest bit and its width in bits.
    public readonly struct ColorField
    {
        public ColorField(byte position, byte size)
        {
            Position = position;
            Size = size;
        }

        public byte Position { get; }
        public byte Size { get; }
    }
}
