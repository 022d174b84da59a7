using Zos.Drivers.Ps2;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Input;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Ps2;

// The running keyboard: bytes from the data port become keystrokes for the
// console's reads, and the lock LEDs follow the locks without stopping the keys.
public class Ps2KeyboardTests
{
    private I8042Rig _rig = null!;
    private KeyboardReads _reads = null!;
    private Ps2Keyboard _keyboard = null!;
    private DriverChannel<KeyboardRequest, KeyboardCompletion> _channel = null!;

    [SetUp]
    public void Start()
    {
        _rig = new I8042Rig().Up();
        _reads = new KeyboardReads(16, 64);
        _keyboard = new Ps2Keyboard(_rig.Controller);
        _channel = new DriverChannel<KeyboardRequest, KeyboardCompletion>(16, new CountingDoorbell(), new CountingDoorbell());
    }

    // Services the keyboard at this time and returns the keys it typed.
    private List<KeyStroke> Service(ulong now = 0)
    {
        Assert.That(_keyboard.Service(_reads, now), Is.Null);
        var typed = new List<KeyStroke>();
        for (int tag = 0; _reads.KeysWaiting > 0; tag++)
        {
            Assert.That(_channel.TrySubmit(new KeyboardRequest { Tag = tag }), Is.True);
            Assert.That(_channel.TryTakeRequest(out KeyboardRequest read), Is.True);
            _reads.Hold(read, now);
            _reads.Answer(_channel, now);
            Assert.That(_channel.TryTakeCompletion(out KeyboardCompletion answer), Is.True);
            typed.Add(answer.Key);
        }
        return typed;
    }

    [Test]
    public void KeysPressedAndReleasedTypeOnceEach()
    {
        // Shift down, H, shift up, I, Enter (set 1: 2A 23 A3 AA 17 97 1C 9C).
        _rig.Hardware.Type(0x2A, 0x23, 0xA3, 0xAA, 0x17, 0x97, 0x1C, 0x9C);
        Assert.That(Service().Select(k => (k.Key, k.Character)), Is.EqualTo(new[] { (Key.Character, 'H'), (Key.Character, 'i'), (Key.Enter, '\0') }));
        Assert.That(_rig.Hardware.Written, Is.Empty, "plain keys send the keyboard nothing");
    }

    [Test]
    public void CapsLockLightsItsLedWhileKeysKeepComing()
    {
        // Caps lock pressed and released (3A BA), then A before the keyboard has answered anything.
        _rig.Hardware.Type(0x3A, 0xBA);
        Assert.That(Service(), Is.Empty);
        Assert.That(_rig.Hardware.Written, Is.EqualTo(new[] { "data 0xed" }), "Set LEDs, its byte waits for the acknowledgement");
        _rig.Hardware.Type(0x1E, 0x9E);

        Assert.That(Service(1).Select(k => k.Character), Is.EqualTo(new[] { 'A' }), "the key between the command and its answer is typed");
        Assert.That(_rig.Hardware.Written, Is.EqualTo(new[] { "data 0xed", "data 0x04" }));
        Assert.That(Service(2), Is.Empty);
        Assert.That((_rig.Hardware.Leds, _keyboard.LedsShown, _keyboard.LedFailures), Is.EqualTo(((byte)0x04, (byte)0x04, 0UL)));

        _rig.Hardware.Type(0x3A, 0xBA);
        Service(3);
        Service(4);
        Assert.That(_rig.Hardware.Leds, Is.Zero, "caps lock off turns the LED off");
    }

    [Test]
    public void NumAndScrollLockHaveTheirLedsToo()
    {
        _rig.Hardware.Type(0x45, 0xC5);
        Service();
        Service();
        _rig.Hardware.Type(0x46, 0xC6);
        Service();
        Service();
        Assert.That(_rig.Hardware.Leds, Is.EqualTo(0x03), "num lock bit 1, scroll lock bit 0");
    }

    [Test]
    public void AnLedByteTheKeyboardAsksForAgainIsSentAgain()
    {
        _rig.Hardware.ResendsToAsk = 1;
        _rig.Hardware.Type(0x3A, 0xBA);
        Service();
        Service();
        Service();
        Assert.That(_rig.Hardware.Written, Is.EqualTo(new[] { "data 0xed", "data 0xed", "data 0x04" }));
        Assert.That(_rig.Hardware.Leds, Is.EqualTo(0x04));
    }

    [Test]
    public void AKeyboardThatNeverAnswersIsGivenUpOnAfterItsTimeoutAndKeysStillWork()
    {
        _rig.Hardware.IgnoresLedCommands = true;
        _rig.Hardware.Type(0x3A, 0xBA);
        Service(0);
        Service(Ps2Keyboard.LedTimeoutMilliseconds - 1);
        Assert.That(_keyboard.LedFailures, Is.Zero, "not before its time");
        _rig.Hardware.Type(0x1E, 0x9E);

        Assert.That(Service(Ps2Keyboard.LedTimeoutMilliseconds).Select(k => k.Character), Is.EqualTo(new[] { 'A' }));
        Assert.That(_keyboard.LedFailures, Is.EqualTo(1));
        Assert.That(_rig.Hardware.Written, Is.EqualTo(new[] { "data 0xed" }), "asked once, not again and again");
    }
}
