namespace Zos.Kernel.Screen
{
    // Turns console text into grid operations, interpreting the part of VT100 /
    // ECMA-48 the shell's line editor uses, and swallowing every other escape
    // sequence whole so that no part of one is ever printed:
    //   \n  new line (to column 0 of the next row, as the serial console's CR LF)
    //   \r  column 0        \b  left one (no erase)        \t  next multiple of 8
    //   ESC[nD left n, ESC[nC right n (n missing or 0 means 1)
    //   ESC[K / ESC[0K erase to end of line, ESC[1K to its start, ESC[2K all of it
    //   ESC[...m SGR: 0 reset, 1 bold (bright foreground), 22 not bold,
    //            30-37 foreground, 39 default foreground, 90-97 bright foreground
    // Ignored: other control characters, CSI sequences with other final bytes or
    // with private markers (ESC[?25l) or intermediates, other SGR numbers, OSC
    // strings (ESC] ... BEL or ESC\), and other ESC sequences (ESC c, ESC(B).
    // Inside a sequence, CAN and SUB abandon it, ESC starts a new one, and other
    // control characters act as outside one (ECMA-48 5.5).
    public sealed class AnsiInterpreter
    {
        private const char Escape = '\x1B';
        private const int MaxParameters = 16;
        private const int MaxParameterValue = 9999;
        // ANSI colour numbers (black, red, green, yellow, blue, magenta, cyan, white) as VGA palette indexes.
        private static readonly byte[] AnsiToVga = [0, 4, 2, 6, 1, 5, 3, 7];

        private readonly TextGrid _grid;
        private readonly int[] _parameters = new int[MaxParameters];
        private State _state;
        private int _parameterCount;
        private bool _ignoreSequence;
        private int _foreground = TextAttribute.LightGray;
        private int _background = TextAttribute.Black;
        private bool _bold;

        public AnsiInterpreter(TextGrid grid)
        {
            _grid = grid;
        }

        private enum State
        {
            Ground,
            Escape,
            EscapeIntermediate,
            ControlSequence,
            OperatingSystemCommand,
            OperatingSystemCommandEscape,
        }

        // What the next printed character gets (SGR changes it).
        public byte Attribute => TextAttribute.Make(_bold && _foreground < TextAttribute.Bright ? _foreground + TextAttribute.Bright : _foreground, _background);

        // Replaces the attribute for a styled write; SetColors(attribute) of the old one ends it.
        public void SetColors(byte attribute)
        {
            _foreground = attribute & 0xF;
            _background = attribute >> 4;
            _bold = false;
        }

        // Back to plain text in the default colours, whatever sequence was under way.
        public void Reset()
        {
            _state = State.Ground;
            SetColors(TextAttribute.Default);
        }

        public void Write(char c)
        {
            if (c < 0x20 || c == '\x7F')
            {
                Control(c);
                return;
            }
            switch (_state)
            {
                case State.Ground:
                    if (c < 0x80 || c > 0x9F) _grid.Put(c, Attribute);  // C1 controls (0x80-0x9F) print nothing
                    break;
                case State.Escape:
                    if (c == '[') StartControlSequence();
                    else if (c == ']') _state = State.OperatingSystemCommand;
                    else if (c >= 0x20 && c <= 0x2F) _state = State.EscapeIntermediate;
                    else _state = State.Ground;
                    break;
                case State.EscapeIntermediate:
                    if (c >= 0x30) _state = State.Ground;
                    break;
                case State.ControlSequence:
                    ControlSequenceByte(c);
                    break;
                case State.OperatingSystemCommand:
                    break;
                case State.OperatingSystemCommandEscape:
                    _state = c == '\\' ? State.Ground : State.OperatingSystemCommand;
                    break;
            }
        }

        private void Control(char c)
        {
            if (c == Escape)
            {
                _state = _state == State.OperatingSystemCommand ? State.OperatingSystemCommandEscape : State.Escape;
                return;
            }
            if (_state == State.OperatingSystemCommand || _state == State.OperatingSystemCommandEscape)
            {
                if (c == '\a') _state = State.Ground;   // BEL ends an OSC string as xterm allows
                return;
            }
            if (c == '\x18' || c == '\x1A')
            {
                _state = State.Ground;
                return;
            }
            switch (c)
            {
                case '\n':
                    _grid.CarriageReturn();
                    _grid.LineFeed();
                    break;
                case '\r':
                    _grid.CarriageReturn();
                    break;
                case '\b':
                    _grid.MoveLeft(1);
                    break;
                case '\t':
                    _grid.Tab();
                    break;
            }
        }

        private void StartControlSequence()
        {
            _state = State.ControlSequence;
            _parameterCount = 0;
            _ignoreSequence = false;
            for (int i = 0; i < _parameters.Length; i++) _parameters[i] = 0;
        }

        private void ControlSequenceByte(char c)
        {
            if (c >= '0' && c <= '9')
            {
                if (_parameterCount == 0) _parameterCount = 1;
                int index = _parameterCount - 1;
                if (index < MaxParameters)
                {
                    int value = _parameters[index] * 10 + (c - '0');
                    _parameters[index] = value > MaxParameterValue ? MaxParameterValue : value;
                }
            }
            else if (c == ';')
            {
                // An empty parameter before ';' counts too: "ESC[;1m" is 0 then 1.
                if (_parameterCount == 0) _parameterCount = 1;
                _parameterCount++;
            }
            else if (c >= 0x3A && c <= 0x3F) _ignoreSequence = true;      // ':' sub-parameters, '<=>?' private markers
            else if (c >= 0x20 && c <= 0x2F) _ignoreSequence = true;      // intermediate bytes
            else
            {
                _state = State.Ground;
                if (c >= 0x40 && c <= 0x7E && !_ignoreSequence) Execute(c);
            }
        }

        private void Execute(char final)
        {
            int first = _parameterCount == 0 ? 0 : _parameters[0];
            switch (final)
            {
                case 'D':
                    _grid.MoveLeft(first == 0 ? 1 : first);
                    break;
                case 'C':
                    _grid.MoveRight(first == 0 ? 1 : first);
                    break;
                case 'K':
                    if (first == 0) _grid.EraseInLine(_grid.CursorColumn, _grid.Columns, Attribute);
                    else if (first == 1) _grid.EraseInLine(0, _grid.CursorColumn + 1, Attribute);
                    else if (first == 2) _grid.EraseInLine(0, _grid.Columns, Attribute);
                    break;
                case 'm':
                    SelectGraphicRendition();
                    break;
            }
        }

        private void SelectGraphicRendition()
        {
            int count = _parameterCount == 0 ? 1 : (_parameterCount < MaxParameters ? _parameterCount : MaxParameters);
            for (int i = 0; i < count; i++)
            {
                int p = _parameters[i];
                if (p == 0) SetColors(TextAttribute.Default);
                else if (p == 1) _bold = true;
                else if (p == 22) _bold = false;
                else if (p >= 30 && p <= 37) _foreground = AnsiToVga[p - 30];
                else if (p == 39) _foreground = TextAttribute.LightGray;
                else if (p >= 90 && p <= 97) _foreground = AnsiToVga[p - 90] + TextAttribute.Bright;
            }
        }
    }
}
