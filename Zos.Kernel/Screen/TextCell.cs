namespace Zos.Kernel.Screen
{
    // One character cell packed in a uint so that a row compares and copies as
    // plain words: the character in bits 0-15, then an attribute byte laid out
    // as the EGA's (foreground colour in its low nibble, background in its high
    // one, both VGA palette indexes), and bit 31 set where a surface shows the
    // cursor. A grid never sets bit 31, so Unknown never equals a real cell.
    public static class TextCell
    {
        public const uint CursorBit = 0x8000_0000;
        // What a surface is said to show before it is drawn: forces every cell to be drawn.
        public const uint Unknown = 0xFFFF_FFFF;

        public static uint Make(char c, byte attribute) => c | (uint)attribute << 16;

        public static char Char(uint cell) => (char)(cell & 0xFFFF);

        public static byte Attribute(uint cell) => (byte)(cell >> 16);

        public static int Foreground(uint cell) => (int)(cell >> 16) & 0xF;

        public static int Background(uint cell) => (int)(cell >> 20) & 0xF;

        public static bool HasCursor(uint cell) => (cell & CursorBit) != 0;
    }
}
