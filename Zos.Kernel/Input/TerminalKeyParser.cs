using Zos.Hal.Drivers.Input;

namespace Zos.Kernel.Input
{
    // Turns what a serial terminal sends into keystrokes, one byte at a time,
    // so that a sequence split across reads is still one key. Plain bytes:
    // printable ASCII, CR or LF (CR LF is one Enter), DEL or BS (Backspace),
    // TAB, and the other control bytes as Control with a letter (0x03 is
    // Ctrl-C). Escape sequences (ECMA-48 / VT100 and xterm): ESC [ A/B/C/D the
    // arrows, ESC [ H/F and ESC O H/F Home and End, ESC [ n ~ for Home (1, 7),
    // Insert (2), Delete (3), End (4, 8), Page Up/Down (5, 6) and F1-F12,
    // ESC O P-S F1-F4; a second parameter carries xterm's modifiers
    // (1 + shift 1, alt 2, control 4: ESC [ 1;5C is Control-Right). ESC
    // before a printable byte is Alt with it. Sequences it does not know are
    // swallowed whole. A lone ESC waits for the next byte to say what it is.
    public sealed class TerminalKeyParser
    {
        private const byte Escape = 0x1B;
        private const int MostParameters = 4, LargestParameter = 9999;

        private enum State
        {
            Ground,
            // After ESC.
            Escaped,
            // After ESC [ (Control Sequence Introducer), reading parameters.
            ControlSequence,
            // After ESC O (Single Shift 3: xterm's application cursor and function keys).
            SingleShift,
        }

        private readonly int[] _parameters = new int[MostParameters];
        private State _state;
        private int _parameterCount;
        private bool _lastWasCarriageReturn;

        // True with the keystroke when the byte completes one.
        public bool Feed(byte value, out KeyStroke key)
        {
            key = default;
            bool afterCarriageReturn = _lastWasCarriageReturn;
            _lastWasCarriageReturn = false;
            switch (_state)
            {
                case State.Escaped: return AfterEscape(value, out key);
                case State.ControlSequence: return InControlSequence(value, out key);
                case State.SingleShift:
                    _state = State.Ground;
                    return SingleShiftKey(value, out key);
            }
            if (value == Escape)
            {
                _state = State.Escaped;
                return false;
            }
            if (value == '\n' && afterCarriageReturn) return false;
            _lastWasCarriageReturn = value == '\r';
            return Plain(value, KeyModifiers.None, out key);
        }

        private static bool Plain(byte value, KeyModifiers modifiers, out KeyStroke key)
        {
            key = default;
            if (value == '\r' || value == '\n') key = KeyStroke.Special(Key.Enter, modifiers);
            else if (value == 0x7F || value == 0x08) key = KeyStroke.Special(Key.Backspace, modifiers);
            else if (value == '\t') key = KeyStroke.Special(Key.Tab, modifiers);
            else if (value >= 0x01 && value <= 0x1A) key = KeyStroke.Of((char)('a' + value - 1), modifiers | KeyModifiers.Control);
            else if (value >= 0x20 && value < 0x7F) key = KeyStroke.Of((char)value, modifiers);
            else return false;
            return true;
        }

        private bool AfterEscape(byte value, out KeyStroke key)
        {
            key = default;
            if (value == '[')
            {
                _state = State.ControlSequence;
                _parameterCount = 0;
                return false;
            }
            if (value == 'O')
            {
                _state = State.SingleShift;
                return false;
            }
            // ESC ESC: the first was the Escape key; the second may start a sequence.
            if (value == Escape)
            {
                key = KeyStroke.Special(Key.Escape);
                return true;
            }
            _state = State.Ground;
            return Plain(value, KeyModifiers.Alt, out key);
        }

        private bool InControlSequence(byte value, out KeyStroke key)
        {
            key = default;
            if (value >= '0' && value <= '9')
            {
                if (_parameterCount == 0) _parameterCount = 1;
                int at = _parameterCount - 1;
                if (at < MostParameters && _parameters[at] <= LargestParameter) _parameters[at] = _parameters[at] * 10 + (value - '0');
                return false;
            }
            if (value == ';')
            {
                if (_parameterCount == 0) _parameterCount = 1;
                if (_parameterCount < MostParameters) _parameters[_parameterCount] = 0;
                _parameterCount++;
                return false;
            }
            // Intermediate bytes (0x20-0x2F) and private markers (< = > ?) belong to sequences no key sends: read on.
            if ((value >= 0x20 && value <= 0x2F) || (value >= 0x3C && value <= 0x3F)) return false;
            int first = Parameter(0), second = Parameter(1);
            for (int i = 0; i < MostParameters; i++) _parameters[i] = 0;
            _parameterCount = 0;
            if (value == Escape)
            {
                _state = State.Escaped;
                return false;
            }
            _state = State.Ground;
            Key named = value == '~' ? TildeKey(first) : CursorKey(value);
            if (named == Key.None) return false;
            key = KeyStroke.Special(named, XtermModifiers(second));
            return true;
        }

        // What ends both ESC [ and ESC O: the arrows, Home and End.
        private static Key CursorKey(byte final) => final switch
        {
            (byte)'A' => Key.Up,
            (byte)'B' => Key.Down,
            (byte)'C' => Key.Right,
            (byte)'D' => Key.Left,
            (byte)'H' => Key.Home,
            (byte)'F' => Key.End,
            _ => Key.None,
        };

        // ESC O: the cursor keys, the keypad's Enter and F1-F4.
        private static bool SingleShiftKey(byte value, out KeyStroke key)
        {
            Key named = value switch
            {
                (byte)'M' => Key.Enter,
                (byte)'P' => Key.F1,
                (byte)'Q' => Key.F2,
                (byte)'R' => Key.F3,
                (byte)'S' => Key.F4,
                _ => CursorKey(value),
            };
            key = KeyStroke.Special(named);
            return named != Key.None;
        }

        // ESC [ n ~ (VT220 editing keypad and xterm's function keys).
        private static Key TildeKey(int number) => number switch
        {
            1 or 7 => Key.Home,
            2 => Key.Insert,
            3 => Key.Delete,
            4 or 8 => Key.End,
            5 => Key.PageUp,
            6 => Key.PageDown,
            11 => Key.F1, 12 => Key.F2, 13 => Key.F3, 14 => Key.F4, 15 => Key.F5,
            17 => Key.F6, 18 => Key.F7, 19 => Key.F8, 20 => Key.F9, 21 => Key.F10,
            23 => Key.F11, 24 => Key.F12,
            _ => Key.None,
        };

        // xterm's modifier parameter: 1 + (shift 1 | alt 2 | control 4); absent or 1 is none.
        private static KeyModifiers XtermModifiers(int parameter)
        {
            if (parameter < 2) return KeyModifiers.None;
            int bits = parameter - 1;
            return ((bits & 1) != 0 ? KeyModifiers.Shift : KeyModifiers.None) | ((bits & 2) != 0 ? KeyModifiers.Alt : KeyModifiers.None)
                | ((bits & 4) != 0 ? KeyModifiers.Control : KeyModifiers.None);
        }

        private int Parameter(int index) => index < _parameterCount && index < MostParameters ? _parameters[index] : 0;
    }
}
