namespace Zos.Drivers.Ps2
{
    // A key of the PC keyboard by its place, named after what a US keyboard
    // prints on it: what a scan code means before any layout is applied.
    public enum PhysicalKey
    {
        None,
        Escape, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9, Digit0, Minus, Equals, Backspace,
        Tab, Q, W, E, R, T, Y, U, I, O, P, LeftBracket, RightBracket, Enter,
        LeftControl, A, S, D, F, G, H, J, K, L, Semicolon, Apostrophe, Grave,
        LeftShift, Backslash, Z, X, C, V, B, N, M, Comma, Period, Slash, RightShift,
        LeftAlt, Space, CapsLock, RightAlt, RightControl, LeftGui, RightGui, Menu,
        F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12,
        PrintScreen, ScrollLock, Pause,
        Insert, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right,
        NumLock, KeypadDivide, KeypadMultiply, KeypadMinus, KeypadPlus, KeypadEnter, KeypadPeriod,
        Keypad0, Keypad1, Keypad2, Keypad3, Keypad4, Keypad5, Keypad6, Keypad7, Keypad8, Keypad9,
        // The 102nd key, between left shift and Z on ISO keyboards.
        IsoBackslash,
    }
}
