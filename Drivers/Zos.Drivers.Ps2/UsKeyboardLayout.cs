using Zos.Hal.Drivers.Input;

namespace Zos.Drivers.Ps2
{
    // The US layout over physical keys, with the state it needs: which
    // modifiers are down (each side apart, so releasing one shift while the
    // other is held keeps shift) and the three locks. A press gives the
    // keystroke it types: letters shifted when shift or caps lock (not both)
    // is on; digits and punctuation by shift alone; the keypad as digits
    // while num lock is on and shift is not held, else as the navigation keys
    // printed under them. Modifier and lock keys type nothing; a lock toggles
    // on its press, not on the repeats of a held key. Releases type nothing.
    public sealed class UsKeyboardLayout
    {
        private bool _leftShift, _rightShift, _leftControl, _rightControl, _leftAlt, _rightAlt;
        private bool _capsLock, _numLock, _scrollLock;
        private bool _capsHeld, _numHeld, _scrollHeld;

        public bool CapsLock => _capsLock;
        public bool NumLock => _numLock;
        public bool ScrollLock => _scrollLock;

        // The LED byte for the keyboard's Set LEDs command (bit 0 scroll, 1 num, 2 caps).
        public byte Leds => (byte)((_scrollLock ? Ps2KeyboardCommands.ScrollLockLed : 0) | (_numLock ? Ps2KeyboardCommands.NumLockLed : 0)
            | (_capsLock ? Ps2KeyboardCommands.CapsLockLed : 0));

        public KeyModifiers Modifiers => (_leftShift || _rightShift ? KeyModifiers.Shift : KeyModifiers.None)
            | (_leftControl || _rightControl ? KeyModifiers.Control : KeyModifiers.None)
            | (_leftAlt || _rightAlt ? KeyModifiers.Alt : KeyModifiers.None);

        // True with the keystroke when the transition types one.
        public bool Apply(KeyTransition transition, out KeyStroke stroke)
        {
            stroke = default;
            bool down = transition.Pressed;
            switch (transition.Key)
            {
                case PhysicalKey.LeftShift: _leftShift = down; return false;
                case PhysicalKey.RightShift: _rightShift = down; return false;
                case PhysicalKey.LeftControl: _leftControl = down; return false;
                case PhysicalKey.RightControl: _rightControl = down; return false;
                case PhysicalKey.LeftAlt: _leftAlt = down; return false;
                case PhysicalKey.RightAlt: _rightAlt = down; return false;
                case PhysicalKey.CapsLock: Toggle(ref _capsLock, ref _capsHeld, down); return false;
                case PhysicalKey.NumLock: Toggle(ref _numLock, ref _numHeld, down); return false;
                case PhysicalKey.ScrollLock: Toggle(ref _scrollLock, ref _scrollHeld, down); return false;
            }
            if (!down) return false;
            KeyModifiers modifiers = Modifiers;
            bool shift = (modifiers & KeyModifiers.Shift) != 0;
            char letter = Letter(transition.Key);
            if (letter != '\0')
            {
                stroke = KeyStroke.Of(shift != _capsLock ? (char)(letter - 'a' + 'A') : letter, modifiers);
                return true;
            }
            string legends = Legends(transition.Key);
            char symbol = legends is not null ? legends[shift ? 1 : 0] : _numLock && !shift ? KeypadDigit(transition.Key) : '\0';
            if (symbol != '\0')
            {
                stroke = KeyStroke.Of(symbol, modifiers);
                return true;
            }
            Key key = Special(transition.Key);
            if (key == Key.None) key = KeypadNavigation(transition.Key);
            if (key == Key.None) return false;
            stroke = KeyStroke.Special(key, modifiers);
            return true;
        }

        private static void Toggle(ref bool state, ref bool held, bool down)
        {
            if (down && !held) state = !state;
            held = down;
        }

        private static char Letter(PhysicalKey key) => key switch
        {
            PhysicalKey.A => 'a', PhysicalKey.B => 'b', PhysicalKey.C => 'c', PhysicalKey.D => 'd', PhysicalKey.E => 'e',
            PhysicalKey.F => 'f', PhysicalKey.G => 'g', PhysicalKey.H => 'h', PhysicalKey.I => 'i', PhysicalKey.J => 'j',
            PhysicalKey.K => 'k', PhysicalKey.L => 'l', PhysicalKey.M => 'm', PhysicalKey.N => 'n', PhysicalKey.O => 'o',
            PhysicalKey.P => 'p', PhysicalKey.Q => 'q', PhysicalKey.R => 'r', PhysicalKey.S => 's', PhysicalKey.T => 't',
            PhysicalKey.U => 'u', PhysicalKey.V => 'v', PhysicalKey.W => 'w', PhysicalKey.X => 'x', PhysicalKey.Y => 'y',
            PhysicalKey.Z => 'z',
            _ => '\0',
        };

        // The two legends of a key that types a character, alone then with
        // shift (the keypad's operators type the same either way); null for others.
        private static string Legends(PhysicalKey key) => key switch
        {
            PhysicalKey.Digit1 => "1!", PhysicalKey.Digit2 => "2@", PhysicalKey.Digit3 => "3#", PhysicalKey.Digit4 => "4$",
            PhysicalKey.Digit5 => "5%", PhysicalKey.Digit6 => "6^", PhysicalKey.Digit7 => "7&", PhysicalKey.Digit8 => "8*",
            PhysicalKey.Digit9 => "9(", PhysicalKey.Digit0 => "0)",
            PhysicalKey.Minus => "-_", PhysicalKey.Equals => "=+", PhysicalKey.LeftBracket => "[{", PhysicalKey.RightBracket => "]}",
            PhysicalKey.Semicolon => ";:", PhysicalKey.Apostrophe => "'\"", PhysicalKey.Grave => "`~", PhysicalKey.Backslash => "\\|",
            PhysicalKey.Comma => ",<", PhysicalKey.Period => ".>", PhysicalKey.Slash => "/?", PhysicalKey.Space => "  ",
            // The 102nd key types what xkb's pc symbols give it.
            PhysicalKey.IsoBackslash => "<>",
            PhysicalKey.KeypadDivide => "//", PhysicalKey.KeypadMultiply => "**", PhysicalKey.KeypadMinus => "--", PhysicalKey.KeypadPlus => "++",
            _ => null,
        };

        private static char KeypadDigit(PhysicalKey key) => key switch
        {
            PhysicalKey.Keypad0 => '0', PhysicalKey.Keypad1 => '1', PhysicalKey.Keypad2 => '2', PhysicalKey.Keypad3 => '3',
            PhysicalKey.Keypad4 => '4', PhysicalKey.Keypad5 => '5', PhysicalKey.Keypad6 => '6', PhysicalKey.Keypad7 => '7',
            PhysicalKey.Keypad8 => '8', PhysicalKey.Keypad9 => '9', PhysicalKey.KeypadPeriod => '.',
            _ => '\0',
        };

        // The keypad without num lock: what is printed under each digit (5 has nothing).
        private static Key KeypadNavigation(PhysicalKey key) => key switch
        {
            PhysicalKey.Keypad0 => Key.Insert, PhysicalKey.KeypadPeriod => Key.Delete,
            PhysicalKey.Keypad1 => Key.End, PhysicalKey.Keypad2 => Key.Down, PhysicalKey.Keypad3 => Key.PageDown,
            PhysicalKey.Keypad4 => Key.Left, PhysicalKey.Keypad6 => Key.Right,
            PhysicalKey.Keypad7 => Key.Home, PhysicalKey.Keypad8 => Key.Up, PhysicalKey.Keypad9 => Key.PageUp,
            _ => Key.None,
        };

        private static Key Special(PhysicalKey key) => key switch
        {
            PhysicalKey.Enter => Key.Enter, PhysicalKey.KeypadEnter => Key.Enter, PhysicalKey.Backspace => Key.Backspace,
            PhysicalKey.Tab => Key.Tab, PhysicalKey.Escape => Key.Escape,
            PhysicalKey.Insert => Key.Insert, PhysicalKey.Delete => Key.Delete, PhysicalKey.Home => Key.Home, PhysicalKey.End => Key.End,
            PhysicalKey.PageUp => Key.PageUp, PhysicalKey.PageDown => Key.PageDown,
            PhysicalKey.Up => Key.Up, PhysicalKey.Down => Key.Down, PhysicalKey.Left => Key.Left, PhysicalKey.Right => Key.Right,
            PhysicalKey.F1 => Key.F1, PhysicalKey.F2 => Key.F2, PhysicalKey.F3 => Key.F3, PhysicalKey.F4 => Key.F4,
            PhysicalKey.F5 => Key.F5, PhysicalKey.F6 => Key.F6, PhysicalKey.F7 => Key.F7, PhysicalKey.F8 => Key.F8,
            PhysicalKey.F9 => Key.F9, PhysicalKey.F10 => Key.F10, PhysicalKey.F11 => Key.F11, PhysicalKey.F12 => Key.F12,
            _ => Key.None,
        };
    }
}
