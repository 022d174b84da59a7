using Zos.Drivers.Ps2;
using Zos.Hal.Drivers.Input;

namespace Zos.Tests.Host.Ps2;

// The US layout: what each key types alone and with shift, caps lock on
// letters only, control and alt carried along, the keypad with and without
// num lock, locks toggling once per press, and releases typing nothing.
public class UsKeyboardLayoutTests
{
    // Keys that type a character: alone, with shift (the US keyboard's legends).
    private static readonly (PhysicalKey Key, char Alone, char Shifted)[] Characters =
    [
        (PhysicalKey.Grave, '`', '~'), (PhysicalKey.Digit1, '1', '!'), (PhysicalKey.Digit2, '2', '@'), (PhysicalKey.Digit3, '3', '#'),
        (PhysicalKey.Digit4, '4', '$'), (PhysicalKey.Digit5, '5', '%'), (PhysicalKey.Digit6, '6', '^'), (PhysicalKey.Digit7, '7', '&'),
        (PhysicalKey.Digit8, '8', '*'), (PhysicalKey.Digit9, '9', '('), (PhysicalKey.Digit0, '0', ')'), (PhysicalKey.Minus, '-', '_'),
        (PhysicalKey.Equals, '=', '+'), (PhysicalKey.LeftBracket, '[', '{'), (PhysicalKey.RightBracket, ']', '}'),
        (PhysicalKey.Backslash, '\\', '|'), (PhysicalKey.Semicolon, ';', ':'), (PhysicalKey.Apostrophe, '\'', '"'),
        (PhysicalKey.Comma, ',', '<'), (PhysicalKey.Period, '.', '>'), (PhysicalKey.Slash, '/', '?'), (PhysicalKey.Space, ' ', ' '),
        (PhysicalKey.IsoBackslash, '<', '>'),
        (PhysicalKey.KeypadDivide, '/', '/'), (PhysicalKey.KeypadMultiply, '*', '*'), (PhysicalKey.KeypadMinus, '-', '-'),
        (PhysicalKey.KeypadPlus, '+', '+'),
        (PhysicalKey.Q, 'q', 'Q'), (PhysicalKey.W, 'w', 'W'), (PhysicalKey.E, 'e', 'E'), (PhysicalKey.R, 'r', 'R'), (PhysicalKey.T, 't', 'T'),
        (PhysicalKey.Y, 'y', 'Y'), (PhysicalKey.U, 'u', 'U'), (PhysicalKey.I, 'i', 'I'), (PhysicalKey.O, 'o', 'O'), (PhysicalKey.P, 'p', 'P'),
        (PhysicalKey.A, 'a', 'A'), (PhysicalKey.S, 's', 'S'), (PhysicalKey.D, 'd', 'D'), (PhysicalKey.F, 'f', 'F'), (PhysicalKey.G, 'g', 'G'),
        (PhysicalKey.H, 'h', 'H'), (PhysicalKey.J, 'j', 'J'), (PhysicalKey.K, 'k', 'K'), (PhysicalKey.L, 'l', 'L'), (PhysicalKey.Z, 'z', 'Z'),
        (PhysicalKey.X, 'x', 'X'), (PhysicalKey.C, 'c', 'C'), (PhysicalKey.V, 'v', 'V'), (PhysicalKey.B, 'b', 'B'), (PhysicalKey.N, 'n', 'N'),
        (PhysicalKey.M, 'm', 'M'),
    ];

    // Keys that edit or move, whatever shift says.
    private static readonly (PhysicalKey Key, Key Is)[] Specials =
    [
        (PhysicalKey.Enter, Key.Enter), (PhysicalKey.KeypadEnter, Key.Enter), (PhysicalKey.Backspace, Key.Backspace), (PhysicalKey.Tab, Key.Tab),
        (PhysicalKey.Escape, Key.Escape), (PhysicalKey.Insert, Key.Insert), (PhysicalKey.Delete, Key.Delete), (PhysicalKey.Home, Key.Home),
        (PhysicalKey.End, Key.End), (PhysicalKey.PageUp, Key.PageUp), (PhysicalKey.PageDown, Key.PageDown), (PhysicalKey.Up, Key.Up),
        (PhysicalKey.Down, Key.Down), (PhysicalKey.Left, Key.Left), (PhysicalKey.Right, Key.Right),
        (PhysicalKey.F1, Key.F1), (PhysicalKey.F2, Key.F2), (PhysicalKey.F3, Key.F3), (PhysicalKey.F4, Key.F4), (PhysicalKey.F5, Key.F5),
        (PhysicalKey.F6, Key.F6), (PhysicalKey.F7, Key.F7), (PhysicalKey.F8, Key.F8), (PhysicalKey.F9, Key.F9), (PhysicalKey.F10, Key.F10),
        (PhysicalKey.F11, Key.F11), (PhysicalKey.F12, Key.F12),
    ];

    // The keypad: num lock on, and num lock off (what is printed under each digit).
    private static readonly (PhysicalKey Key, char Digit, Key Navigation)[] Keypad =
    [
        (PhysicalKey.Keypad0, '0', Key.Insert), (PhysicalKey.Keypad1, '1', Key.End), (PhysicalKey.Keypad2, '2', Key.Down),
        (PhysicalKey.Keypad3, '3', Key.PageDown), (PhysicalKey.Keypad4, '4', Key.Left), (PhysicalKey.Keypad5, '5', Key.None),
        (PhysicalKey.Keypad6, '6', Key.Right), (PhysicalKey.Keypad7, '7', Key.Home), (PhysicalKey.Keypad8, '8', Key.Up),
        (PhysicalKey.Keypad9, '9', Key.PageUp), (PhysicalKey.KeypadPeriod, '.', Key.Delete),
    ];

    private static readonly PhysicalKey[] Silent =
    [
        PhysicalKey.LeftShift, PhysicalKey.RightShift, PhysicalKey.LeftControl, PhysicalKey.RightControl, PhysicalKey.LeftAlt,
        PhysicalKey.RightAlt, PhysicalKey.CapsLock, PhysicalKey.NumLock, PhysicalKey.ScrollLock, PhysicalKey.LeftGui, PhysicalKey.RightGui,
        PhysicalKey.Menu, PhysicalKey.PrintScreen, PhysicalKey.Pause,
    ];

    private static KeyStroke? Press(UsKeyboardLayout layout, PhysicalKey key) =>
        layout.Apply(new KeyTransition(key, pressed: true), out KeyStroke stroke) ? stroke : null;

    private static void Release(UsKeyboardLayout layout, PhysicalKey key) =>
        Assert.That(layout.Apply(new KeyTransition(key, pressed: false), out _), Is.False, key + " released types nothing");

    private static void Tap(UsKeyboardLayout layout, PhysicalKey key)
    {
        Press(layout, key);
        Release(layout, key);
    }

    [Test]
    public void EveryCharacterKeyTypesItsLegendAloneAndWithEitherShift()
    {
        foreach (var (key, alone, shifted) in Characters)
        {
            var layout = new UsKeyboardLayout();
            KeyStroke? plain = Press(layout, key);
            Assert.That((plain?.Key, plain?.Character, plain?.Modifiers), Is.EqualTo((Key.Character, alone, KeyModifiers.None)), key.ToString());
            Release(layout, key);
            foreach (PhysicalKey shift in new[] { PhysicalKey.LeftShift, PhysicalKey.RightShift })
            {
                Press(layout, shift);
                KeyStroke? withShift = Press(layout, key);
                Assert.That((withShift?.Character, withShift?.Modifiers), Is.EqualTo((shifted, KeyModifiers.Shift)), key + " with " + shift);
                Release(layout, key);
                Release(layout, shift);
            }
        }
    }

    [Test]
    public void EveryEditingKeyIsItselfAndCarriesTheModifiers()
    {
        foreach (var (key, expected) in Specials)
        {
            var layout = new UsKeyboardLayout();
            Assert.That(Press(layout, key)?.Key, Is.EqualTo(expected), key.ToString());
            Press(layout, PhysicalKey.RightControl);
            Press(layout, PhysicalKey.LeftShift);
            KeyStroke? modified = Press(layout, key);
            Assert.That((modified?.Key, modified?.Modifiers), Is.EqualTo((expected, KeyModifiers.Control | KeyModifiers.Shift)), key + " with control and shift");
        }
    }

    [Test]
    public void ModifierLockAndSystemKeysTypeNothing()
    {
        var layout = new UsKeyboardLayout();
        foreach (PhysicalKey key in Silent) Assert.That(Press(layout, key), Is.Null, key.ToString());
    }

    [Test]
    public void CapsLockShiftsLettersOnlyAndShiftUndoesIt()
    {
        var layout = new UsKeyboardLayout();
        Tap(layout, PhysicalKey.CapsLock);

        Assert.That(layout.CapsLock, Is.True);
        Assert.That(Press(layout, PhysicalKey.Q)?.Character, Is.EqualTo('Q'));
        Assert.That(Press(layout, PhysicalKey.Digit1)?.Character, Is.EqualTo('1'), "caps lock leaves digits alone");
        Assert.That(Press(layout, PhysicalKey.Semicolon)?.Character, Is.EqualTo(';'));
        Press(layout, PhysicalKey.LeftShift);
        Assert.That(Press(layout, PhysicalKey.Q)?.Character, Is.EqualTo('q'), "shift with caps lock gives lower case");
        Assert.That(Press(layout, PhysicalKey.Digit1)?.Character, Is.EqualTo('!'));
        Release(layout, PhysicalKey.LeftShift);
        Tap(layout, PhysicalKey.CapsLock);
        Assert.That(Press(layout, PhysicalKey.Q)?.Character, Is.EqualTo('q'));
    }

    [Test]
    public void ALockTogglesOncePerPressNotOnTheRepeatsOfAHeldKey()
    {
        var layout = new UsKeyboardLayout();
        Press(layout, PhysicalKey.CapsLock);
        Press(layout, PhysicalKey.CapsLock);
        Press(layout, PhysicalKey.CapsLock);
        Assert.That((layout.CapsLock, layout.Leds), Is.EqualTo((true, (byte)0x04)));
        Release(layout, PhysicalKey.CapsLock);
        Tap(layout, PhysicalKey.NumLock);
        Tap(layout, PhysicalKey.ScrollLock);
        Assert.That((layout.NumLock, layout.ScrollLock, layout.Leds), Is.EqualTo((true, true, (byte)0x07)));
        Tap(layout, PhysicalKey.CapsLock);
        Assert.That(layout.Leds, Is.EqualTo(0x03));
    }

    [Test]
    public void ControlAndAltComeWithTheLetterFromEitherSide()
    {
        var layout = new UsKeyboardLayout();
        Press(layout, PhysicalKey.LeftControl);
        KeyStroke? ctrlC = Press(layout, PhysicalKey.C);
        Assert.That((ctrlC?.Character, ctrlC?.Modifiers, ctrlC?.IsControl('c'), ctrlC?.IsText), Is.EqualTo(('c', KeyModifiers.Control, true, false)));
        Release(layout, PhysicalKey.LeftControl);
        Press(layout, PhysicalKey.RightAlt);
        KeyStroke? altX = Press(layout, PhysicalKey.X);
        Assert.That((altX?.Character, altX?.Modifiers, altX?.IsText), Is.EqualTo(('x', KeyModifiers.Alt, false)));
        Release(layout, PhysicalKey.RightAlt);
        Assert.That(Press(layout, PhysicalKey.X)?.Modifiers, Is.EqualTo(KeyModifiers.None));
    }

    [Test]
    public void ReleasingOneShiftKeepsTheOtherHeld()
    {
        var layout = new UsKeyboardLayout();
        Press(layout, PhysicalKey.LeftShift);
        Press(layout, PhysicalKey.RightShift);
        Release(layout, PhysicalKey.LeftShift);
        Assert.That(Press(layout, PhysicalKey.A)?.Character, Is.EqualTo('A'));
        Release(layout, PhysicalKey.RightShift);
        Assert.That(Press(layout, PhysicalKey.A)?.Character, Is.EqualTo('a'));
    }

    [Test]
    public void TheKeypadTypesDigitsWithNumLockAndMovesWithout()
    {
        foreach (var (key, digit, navigation) in Keypad)
        {
            var layout = new UsKeyboardLayout();
            KeyStroke? moving = Press(layout, key);
            Assert.That(moving?.Key ?? Key.None, Is.EqualTo(navigation), key + " without num lock");
            Tap(layout, PhysicalKey.NumLock);
            KeyStroke? typing = Press(layout, key);
            Assert.That((typing?.Key, typing?.Character), Is.EqualTo((Key.Character, digit)), key + " with num lock");
            Press(layout, PhysicalKey.LeftShift);
            Assert.That(Press(layout, key)?.Key ?? Key.None, Is.EqualTo(navigation), key + " with num lock and shift");
        }
    }

    [Test]
    public void ReleasesTypeNothing()
    {
        var layout = new UsKeyboardLayout();
        foreach (var (key, _, _) in Characters) Release(layout, key);
        foreach (var (key, _) in Specials) Release(layout, key);
    }
}
