namespace Zos.Kernel.Screen
{
    // How a direct-colour framebuffer stores a pixel: 2, 3 or 4 bytes, little
    // endian, with each colour channel in the bits its position and size say
    // (multiboot2 spec 3.6.12: 5-6-5 at 16 bpp, 8-8-8 at 24 and 32).
    public sealed class PixelFormat
    {
        public PixelFormat(int bitsPerPixel, int redPosition, int redSize, int greenPosition, int greenSize, int bluePosition, int blueSize)
        {
            BitsPerPixel = bitsPerPixel;
            RedPosition = redPosition;
            RedSize = redSize;
            GreenPosition = greenPosition;
            GreenSize = greenSize;
            BluePosition = bluePosition;
            BlueSize = blueSize;
        }

        public int BitsPerPixel { get; }
        public int BytesPerPixel => (BitsPerPixel + 7) / 8;
        public int RedPosition { get; }
        public int RedSize { get; }
        public int GreenPosition { get; }
        public int GreenSize { get; }
        public int BluePosition { get; }
        public int BlueSize { get; }

        // Null when pixels of this format can be drawn, else why not.
        public string Problem()
        {
            if (BitsPerPixel != 16 && BitsPerPixel != 24 && BitsPerPixel != 32)
                return BitsPerPixel.ToString() + " bits per pixel (16, 24 and 32 are drawn)";
            if (!FieldFits(RedPosition, RedSize) || !FieldFits(GreenPosition, GreenSize) || !FieldFits(BluePosition, BlueSize))
                return "a colour field lies outside the " + BitsPerPixel.ToString() + "-bit pixel";
            return null;
        }

        // The pixel value for an 8-bit-per-channel colour, keeping each channel's top bits.
        public uint Encode(byte red, byte green, byte blue) =>
            Channel(red, RedPosition, RedSize) | Channel(green, GreenPosition, GreenSize) | Channel(blue, BluePosition, BlueSize);

        private bool FieldFits(int position, int size) => size >= 1 && size <= 8 && position >= 0 && position + size <= BitsPerPixel;

        private static uint Channel(byte value, int position, int size) => (uint)(value >> (8 - size)) << position;
    }
}
