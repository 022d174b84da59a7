using Zos.Hal;

namespace Zos.Kernel.Screen
{
    // The blinking cursor of a VGA-compatible adapter in text mode, set through
    // its CRT controller (index port 0x3D4, data 0x3D5, colour mode): registers
    // 0x0A/0x0B its first and last scan line (bit 5 of 0x0A hides it), 0x0E/0x0F
    // the cell it is on, counted from the top-left, high byte first.
    public sealed class VgaTextCursor
    {
        private const ushort IndexPort = 0x3D4, DataPort = 0x3D5;
        private const byte CursorStart = 0x0A, CursorEnd = 0x0B, LocationHigh = 0x0E, LocationLow = 0x0F;

        private readonly int _columns;

        public VgaTextCursor(int columns)
        {
            _columns = columns;
        }

        // An underline over the last two scan lines of 16-line cells; GRUB may have hidden the cursor.
        public void ShowAsUnderline()
        {
            Write(CursorStart, 14);
            Write(CursorEnd, 15);
        }

        public void MoveTo(int row, int column)
        {
            int cell = row * _columns + column;
            Write(LocationHigh, (byte)(cell >> 8));
            Write(LocationLow, (byte)cell);
        }

        private static void Write(byte register, byte value)
        {
            PortIo.Write8(IndexPort, register);
            PortIo.Write8(DataPort, value);
        }
    }
}
