namespace Zos.Hal.Drivers.Input
{
    // One key pressed, as the console takes it: which key, the character it
    // types (for Key.Character: shift and caps lock applied, so 'A' or 'a';
    // with Control held the letter itself, so Ctrl-C is 'c' with Control),
    // and the modifiers held.
    public readonly struct KeyStroke
    {
        public KeyStroke(Key key, char character, KeyModifiers modifiers)
        {
            Key = key;
            Character = character;
            Modifiers = modifiers;
        }

        public static KeyStroke Of(char character, KeyModifiers modifiers = KeyModifiers.None) => new KeyStroke(Key.Character, character, modifiers);

        public static KeyStroke Special(Key key, KeyModifiers modifiers = KeyModifiers.None) => new KeyStroke(key, '\0', modifiers);

        public Key Key { get; }
        public char Character { get; }
        public KeyModifiers Modifiers { get; }

        // Control held with this letter (either case): Ctrl-C is IsControl('c').
        public bool IsControl(char letter) =>
            Key == Key.Character && (Modifiers & KeyModifiers.Control) != 0 && (Character | 0x20) == (letter | 0x20);

        // A character that goes into a line as typed: printable ASCII, no Control or Alt.
        public bool IsText =>
            Key == Key.Character && Character >= ' ' && Character < (char)0x7F && (Modifiers & (KeyModifiers.Control | KeyModifiers.Alt)) == 0;
    }
}
