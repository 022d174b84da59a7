using Zos.Drivers.Ps2;

namespace Zos.Tests.Host.Ps2;

// Scan code set 1 as the 8042 delivers it with translation on (Microsoft's
// Keyboard Scan Code Specification, set 1 column): every key's make code, its
// break code (make + 0x80), the 0xE0 keys, Pause's six bytes, and the bytes
// that name no key.
public class ScancodeSet1DecoderTests
{
    // Every key of a 104/105-key keyboard with its set 1 make code, from the specification's table.
    private static readonly (string Key, byte[] Make)[] Keys =
    [
        ("Escape", [0x01]), ("Digit1", [0x02]), ("Digit2", [0x03]), ("Digit3", [0x04]), ("Digit4", [0x05]), ("Digit5", [0x06]),
        ("Digit6", [0x07]), ("Digit7", [0x08]), ("Digit8", [0x09]), ("Digit9", [0x0A]), ("Digit0", [0x0B]), ("Minus", [0x0C]),
        ("Equals", [0x0D]), ("Backspace", [0x0E]), ("Tab", [0x0F]),
        ("Q", [0x10]), ("W", [0x11]), ("E", [0x12]), ("R", [0x13]), ("T", [0x14]), ("Y", [0x15]), ("U", [0x16]), ("I", [0x17]),
        ("O", [0x18]), ("P", [0x19]), ("LeftBracket", [0x1A]), ("RightBracket", [0x1B]), ("Enter", [0x1C]), ("LeftControl", [0x1D]),
        ("A", [0x1E]), ("S", [0x1F]), ("D", [0x20]), ("F", [0x21]), ("G", [0x22]), ("H", [0x23]), ("J", [0x24]), ("K", [0x25]),
        ("L", [0x26]), ("Semicolon", [0x27]), ("Apostrophe", [0x28]), ("Grave", [0x29]), ("LeftShift", [0x2A]), ("Backslash", [0x2B]),
        ("Z", [0x2C]), ("X", [0x2D]), ("C", [0x2E]), ("V", [0x2F]), ("B", [0x30]), ("N", [0x31]), ("M", [0x32]), ("Comma", [0x33]),
        ("Period", [0x34]), ("Slash", [0x35]), ("RightShift", [0x36]), ("KeypadMultiply", [0x37]), ("LeftAlt", [0x38]), ("Space", [0x39]),
        ("CapsLock", [0x3A]), ("F1", [0x3B]), ("F2", [0x3C]), ("F3", [0x3D]), ("F4", [0x3E]), ("F5", [0x3F]), ("F6", [0x40]),
        ("F7", [0x41]), ("F8", [0x42]), ("F9", [0x43]), ("F10", [0x44]), ("NumLock", [0x45]), ("ScrollLock", [0x46]),
        ("Keypad7", [0x47]), ("Keypad8", [0x48]), ("Keypad9", [0x49]), ("KeypadMinus", [0x4A]), ("Keypad4", [0x4B]), ("Keypad5", [0x4C]),
        ("Keypad6", [0x4D]), ("KeypadPlus", [0x4E]), ("Keypad1", [0x4F]), ("Keypad2", [0x50]), ("Keypad3", [0x51]), ("Keypad0", [0x52]),
        ("KeypadPeriod", [0x53]), ("IsoBackslash", [0x56]), ("F11", [0x57]), ("F12", [0x58]),
        ("KeypadEnter", [0xE0, 0x1C]), ("RightControl", [0xE0, 0x1D]), ("KeypadDivide", [0xE0, 0x35]), ("PrintScreen", [0xE0, 0x37]),
        ("RightAlt", [0xE0, 0x38]), ("Home", [0xE0, 0x47]), ("Up", [0xE0, 0x48]), ("PageUp", [0xE0, 0x49]), ("Left", [0xE0, 0x4B]),
        ("Right", [0xE0, 0x4D]), ("End", [0xE0, 0x4F]), ("Down", [0xE0, 0x50]), ("PageDown", [0xE0, 0x51]), ("Insert", [0xE0, 0x52]),
        ("Delete", [0xE0, 0x53]), ("LeftGui", [0xE0, 0x5B]), ("RightGui", [0xE0, 0x5C]), ("Menu", [0xE0, 0x5D]),
    ];

    private static List<(PhysicalKey Key, bool Pressed)> Decode(params byte[] bytes)
    {
        var decoder = new ScancodeSet1Decoder();
        var transitions = new List<(PhysicalKey, bool)>();
        foreach (byte value in bytes)
            if (decoder.Feed(value, out KeyTransition transition)) transitions.Add((transition.Key, transition.Pressed));
        return transitions;
    }

    // The break code: the last byte with its top bit set, after the same 0xE0.
    private static byte[] Break(byte[] make) => [.. make[..^1], (byte)(make[^1] | 0x80)];

    [Test]
    public void EveryKeysMakeAndBreakCodeNameIt()
    {
        foreach (var (name, make) in Keys)
        {
            PhysicalKey key = Enum.Parse<PhysicalKey>(name);
            Assert.That(Decode([.. make, .. Break(make)]), Is.EqualTo(new[] { (key, true), (key, false) }), name);
        }
    }

    [Test]
    public void EveryPhysicalKeyHasACodeInTheTable()
    {
        var named = Keys.Select(k => k.Key).Append("Pause").Append("None");
        Assert.That(Enum.GetNames<PhysicalKey>(), Is.EquivalentTo(named), "the test's table covers every key the driver knows");
    }

    [Test]
    public void AHeldKeyRepeatsItsMakeCode()
    {
        Assert.That(Decode(0x1E, 0x1E, 0x1E, 0x9E), Is.EqualTo(new[] { (PhysicalKey.A, true), (PhysicalKey.A, true), (PhysicalKey.A, true), (PhysicalKey.A, false) }));
    }

    [Test]
    public void PausesSixBytesAreOnePressAndNoRelease()
    {
        Assert.That(Decode(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x1E), Is.EqualTo(new[] { (PhysicalKey.Pause, true), (PhysicalKey.A, true) }),
            "the 1D and 45 inside are not left control and num lock");
    }

    [Test]
    public void ControlBreakIsPauseToo()
    {
        Assert.That(Decode(0xE0, 0x46, 0xE0, 0xC6), Is.EqualTo(new[] { (PhysicalKey.Pause, true), (PhysicalKey.Pause, false) }));
    }

    [Test]
    public void FakeShiftsAroundPrintScreenAndShiftedArrowsNameNoKey()
    {
        // Print Screen: E0 2A E0 37, released E0 B7 E0 AA; Shift+Home: 2A E0 AA E0 47 ... E0 C7 E0 2A AA.
        Assert.That(Decode(0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA), Is.EqualTo(new[] { (PhysicalKey.PrintScreen, true), (PhysicalKey.PrintScreen, false) }));
        Assert.That(Decode(0x2A, 0xE0, 0xAA, 0xE0, 0x47, 0xE0, 0xC7, 0xE0, 0x2A, 0xAA), Is.EqualTo(new[]
        {
            (PhysicalKey.LeftShift, true), (PhysicalKey.Home, true), (PhysicalKey.Home, false), (PhysicalKey.LeftShift, false),
        }), "only the real shift counts");
    }

    [Test]
    public void TheKeyboardsAnswersAndErrorCodesNameNoKeyAndLeaveNothingBehind()
    {
        Assert.That(Decode(0xFA, 0xFE, 0x00, 0xFF, 0x1E), Is.EqualTo(new[] { (PhysicalKey.A, true) }));
        Assert.That(Decode(0xE0, 0xFA, 0x1D), Is.EqualTo(new[] { (PhysicalKey.LeftControl, true) }),
            "an extended prefix is used up by the next byte, even one that names nothing");
    }

    [Test]
    public void ThePrefixAppliesToTheNextCodeOnly()
    {
        Assert.That(Decode(0xE0, 0x1D, 0x1D), Is.EqualTo(new[] { (PhysicalKey.RightControl, true), (PhysicalKey.LeftControl, true) }));
    }
}
