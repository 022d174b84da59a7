namespace Zos.Drivers.Ps2
{
    // What a PS/2 keyboard is told through the data port, and its answers
    // (IBM PS/2 Hardware Interface Technical Reference, "Keyboard and
    // Auxiliary Device Controller", keyboard commands).
    public static class Ps2KeyboardCommands
    {
        // + one byte: bit 0 scroll lock, bit 1 num lock, bit 2 caps lock.
        public const byte SetLeds = 0xED;
        // + the set number (2).
        public const byte SelectScanCodeSet = 0xF0;
        public const byte EnableScanning = 0xF4;
        public const byte Reset = 0xFF;

        public const byte ScrollLockLed = 0x01, NumLockLed = 0x02, CapsLockLed = 0x04;

        public const byte Acknowledge = 0xFA;
        public const byte Resend = 0xFE;
        // The basic assurance test after a reset.
        public const byte SelfTestPassed = 0xAA;
        public const byte SelfTestFailed = 0xFC, SelfTestFailedToo = 0xFD;
    }
}
