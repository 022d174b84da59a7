namespace Zos.Hal.Drivers.Input
{
    // What a keystroke is, as a line editor sees it: a character, or one of
    // the keys that edit and move. The keyboard driver and the serial
    // terminal's escape sequences both arrive as these.
    public enum Key
    {
        None,
        // A printable character (KeyStroke.Character), or a letter with Control held.
        Character,
        Enter,
        Backspace,
        Tab,
        Escape,
        Insert,
        Delete,
        Home,
        End,
        PageUp,
        PageDown,
        Up,
        Down,
        Left,
        Right,
        F1,
        F2,
        F3,
        F4,
        F5,
        F6,
        F7,
        F8,
        F9,
        F10,
        F11,
        F12,
    }
}
