namespace Zos.Hal.Drivers.Input
{
    // The answer to one KeyboardRequest: a keystroke, or none (HasKey false:
    // nothing was typed while the driver held the request).
    public struct KeyboardCompletion
    {
        public int Tag;
        public bool HasKey;
        public KeyStroke Key;

        public static KeyboardCompletion Typed(int tag, KeyStroke key) => new KeyboardCompletion { Tag = tag, HasKey = true, Key = key };

        public static KeyboardCompletion Idle(int tag) => new KeyboardCompletion { Tag = tag };
    }
}
