namespace Zos.Kernel.Screen
{
    // Attribute bytes (EGA layout: background << 4 | foreground) and the
    // 16 colours by their VGA palette index, which is also the EGA's.
    public static class TextAttribute
    {
        public const int Black = 0, Blue = 1, Green = 2, Cyan = 3, Red = 4, Magenta = 5, Brown = 6, LightGray = 7;
        public const int DarkGray = 8, BrightBlue = 9, BrightGreen = 10, BrightCyan = 11, BrightRed = 12, BrightMagenta = 13, Yellow = 14, White = 15;
        // Adding it to one of the first eight colours gives its bright twin (SGR bold, 90-97).
        public const int Bright = 8;

        public const byte Default = LightGray;

        public static byte Make(int foreground, int background) => (byte)((background & 0xF) << 4 | (foreground & 0xF));

        public static byte For(ConsoleStyle style) => style switch
        {
            ConsoleStyle.Prompt => Make(BrightGreen, Black),
            ConsoleStyle.Error => Make(BrightRed, Black),
            ConsoleStyle.Panic => Make(White, Red),
            _ => Default,
        };

        // The VGA palette's colours as 8-bit red, green, blue (the classic 0xAA/0x55 levels).
        public static void Rgb(int color, out byte red, out byte green, out byte blue)
        {
            if (color == Brown)
            {
                (red, green, blue) = (0xAA, 0x55, 0x00);
                return;
            }
            int low = (color & Bright) != 0 ? 0x55 : 0x00, high = (color & Bright) != 0 ? 0xFF : 0xAA;
            red = (byte)((color & 4) != 0 ? high : low);
            green = (byte)((color & 2) != 0 ? high : low);
            blue = (byte)((color & 1) != 0 ? high : low);
        }
    }
}
