namespace Zos.Drivers.Ps2
{
    // Which key each scan code of set 1 names: the codes the 8042 delivers
    // when it translates the keyboard's set 2 (IBM PC/AT and PS/2 keyboard
    // references; Microsoft's "Keyboard Scan Code Specification", which lists
    // every key's set 1 and set 2 make codes). The make code is the key's
    // number; its break code adds 0x80. Keys added after the PC/AT send 0xE0
    // first (Extended).
    public static class ScancodeSet1
    {
        public const byte ExtendedPrefix = 0xE0;
        // Pause sends E1 1D 45 E1 9D C5 when pressed, and nothing when released.
        public const byte PausePrefix = 0xE1;
        public const byte BreakBit = 0x80;

        public static PhysicalKey Key(byte code) => code switch
        {
            0x01 => PhysicalKey.Escape,
            0x02 => PhysicalKey.Digit1, 0x03 => PhysicalKey.Digit2, 0x04 => PhysicalKey.Digit3, 0x05 => PhysicalKey.Digit4,
            0x06 => PhysicalKey.Digit5, 0x07 => PhysicalKey.Digit6, 0x08 => PhysicalKey.Digit7, 0x09 => PhysicalKey.Digit8,
            0x0A => PhysicalKey.Digit9, 0x0B => PhysicalKey.Digit0, 0x0C => PhysicalKey.Minus, 0x0D => PhysicalKey.Equals,
            0x0E => PhysicalKey.Backspace, 0x0F => PhysicalKey.Tab,
            0x10 => PhysicalKey.Q, 0x11 => PhysicalKey.W, 0x12 => PhysicalKey.E, 0x13 => PhysicalKey.R, 0x14 => PhysicalKey.T,
            0x15 => PhysicalKey.Y, 0x16 => PhysicalKey.U, 0x17 => PhysicalKey.I, 0x18 => PhysicalKey.O, 0x19 => PhysicalKey.P,
            0x1A => PhysicalKey.LeftBracket, 0x1B => PhysicalKey.RightBracket, 0x1C => PhysicalKey.Enter, 0x1D => PhysicalKey.LeftControl,
            0x1E => PhysicalKey.A, 0x1F => PhysicalKey.S, 0x20 => PhysicalKey.D, 0x21 => PhysicalKey.F, 0x22 => PhysicalKey.G,
            0x23 => PhysicalKey.H, 0x24 => PhysicalKey.J, 0x25 => PhysicalKey.K, 0x26 => PhysicalKey.L,
            0x27 => PhysicalKey.Semicolon, 0x28 => PhysicalKey.Apostrophe, 0x29 => PhysicalKey.Grave,
            0x2A => PhysicalKey.LeftShift, 0x2B => PhysicalKey.Backslash,
            0x2C => PhysicalKey.Z, 0x2D => PhysicalKey.X, 0x2E => PhysicalKey.C, 0x2F => PhysicalKey.V, 0x30 => PhysicalKey.B,
            0x31 => PhysicalKey.N, 0x32 => PhysicalKey.M, 0x33 => PhysicalKey.Comma, 0x34 => PhysicalKey.Period, 0x35 => PhysicalKey.Slash,
            0x36 => PhysicalKey.RightShift, 0x37 => PhysicalKey.KeypadMultiply, 0x38 => PhysicalKey.LeftAlt, 0x39 => PhysicalKey.Space,
            0x3A => PhysicalKey.CapsLock,
            0x3B => PhysicalKey.F1, 0x3C => PhysicalKey.F2, 0x3D => PhysicalKey.F3, 0x3E => PhysicalKey.F4, 0x3F => PhysicalKey.F5,
            0x40 => PhysicalKey.F6, 0x41 => PhysicalKey.F7, 0x42 => PhysicalKey.F8, 0x43 => PhysicalKey.F9, 0x44 => PhysicalKey.F10,
            0x45 => PhysicalKey.NumLock, 0x46 => PhysicalKey.ScrollLock,
            0x47 => PhysicalKey.Keypad7, 0x48 => PhysicalKey.Keypad8, 0x49 => PhysicalKey.Keypad9, 0x4A => PhysicalKey.KeypadMinus,
            0x4B => PhysicalKey.Keypad4, 0x4C => PhysicalKey.Keypad5, 0x4D => PhysicalKey.Keypad6, 0x4E => PhysicalKey.KeypadPlus,
            0x4F => PhysicalKey.Keypad1, 0x50 => PhysicalKey.Keypad2, 0x51 => PhysicalKey.Keypad3, 0x52 => PhysicalKey.Keypad0,
            0x53 => PhysicalKey.KeypadPeriod,
            0x56 => PhysicalKey.IsoBackslash, 0x57 => PhysicalKey.F11, 0x58 => PhysicalKey.F12,
            _ => PhysicalKey.None,
        };

        // After 0xE0. 0x2A and 0x36 after it are the "fake shifts" a keyboard
        // wraps around some extended keys (Print Screen, the arrows with shift
        // held): they name no key.
        public static PhysicalKey ExtendedKey(byte code) => code switch
        {
            0x1C => PhysicalKey.KeypadEnter, 0x1D => PhysicalKey.RightControl, 0x35 => PhysicalKey.KeypadDivide,
            0x37 => PhysicalKey.PrintScreen, 0x38 => PhysicalKey.RightAlt,
            // Control with Pause (Break) sends E0 46.
            0x46 => PhysicalKey.Pause,
            0x47 => PhysicalKey.Home, 0x48 => PhysicalKey.Up, 0x49 => PhysicalKey.PageUp, 0x4B => PhysicalKey.Left,
            0x4D => PhysicalKey.Right, 0x4F => PhysicalKey.End, 0x50 => PhysicalKey.Down, 0x51 => PhysicalKey.PageDown,
            0x52 => PhysicalKey.Insert, 0x53 => PhysicalKey.Delete,
            0x5B => PhysicalKey.LeftGui, 0x5C => PhysicalKey.RightGui, 0x5D => PhysicalKey.Menu,
            _ => PhysicalKey.None,
        };
    }
}
