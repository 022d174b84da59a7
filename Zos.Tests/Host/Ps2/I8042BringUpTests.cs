namespace Zos.Tests.Host.Ps2;

// The controller and keyboard taken from the firmware in the order the
// references give, every answer checked, every wait bounded.
public class I8042BringUpTests
{
    [Test]
    public void BringsControllerAndKeyboardUpInOrder()
    {
        var rig = new I8042Rig();

        Assert.That(rig.Controller.BringUp(), Is.Null);

        Assert.That(rig.Hardware.Written, Is.EqualTo(new[]
        {
            "cmd 0xad", "cmd 0xa7",                 // both ports off
            "cmd 0x20",                             // read the configuration: 0x75, the firmware's 0x45 with both clocks off
            "cmd 0x60", "data 0x74",                // interrupts off, translation on
            "cmd 0xaa",                             // controller self-test
            "cmd 0x60", "data 0x74",                // again: a self-test may reset the controller
            "cmd 0xab",                             // keyboard interface test
            "cmd 0xae",                             // keyboard port on
            "data 0xff",                            // keyboard reset
            "data 0xf0", "data 0x02",               // scan code set 2
            "data 0xed", "data 0x00",               // LEDs off
            "data 0xf4",                            // scanning on
            "cmd 0x60", "data 0x65",                // keyboard interrupt on, translation on, auxiliary clock off
        }));
        Assert.That((rig.Hardware.Configuration, rig.Controller.Configuration), Is.EqualTo(((byte)0x65, (byte)0x65)));
        Assert.That((rig.Hardware.KeyboardPortOn, rig.Hardware.AuxiliaryPortOn), Is.EqualTo((true, false)), "the mouse port stays off");
        Assert.That((rig.Hardware.Resets, rig.Hardware.Scanning, rig.Hardware.ScanCodeSet, rig.Hardware.Leds), Is.EqualTo((1, true, (byte)2, (byte)0)));
        Assert.That((rig.Hardware.BytesWaiting, rig.PausedMilliseconds), Is.EqualTo((0, 0)), "every answer was taken, nothing was waited for");
        Assert.That(rig.Hardware.KeyboardInterrupts, Is.EqualTo(1),
            "only the configuration byte interrupted: it is read before the firmware's interrupt bit can be cleared");
    }

    [Test]
    public void WhatTheFirmwareLeftIsFlushedBeforeTheControllerIsAsked()
    {
        var rig = new I8042Rig();
        rig.Hardware.Leave(0x1E);
        rig.Hardware.Leave(0x9E);
        rig.Hardware.Leave(0x08, auxiliary: true);

        Assert.That(rig.Controller.BringUp(), Is.Null, "a leftover key is not taken for the configuration or a test's answer");
        Assert.That(rig.Hardware.Configuration, Is.EqualTo(0x65));
    }

    [Test]
    public void AFailedControllerSelfTestIsTheReason()
    {
        var rig = new I8042Rig();
        rig.Hardware.SelfTestAnswer = 0xFC;
        Assert.That(rig.Controller.BringUp(), Is.EqualTo("controller self-test answered 0xfc (0x55 expected)"));
        Assert.That(rig.Hardware.Written, Does.Not.Contain("cmd 0xae"), "the keyboard port stays off");
    }

    [TestCase((byte)0x01, "clock line stuck low")]
    [TestCase((byte)0x02, "clock line stuck high")]
    [TestCase((byte)0x03, "data line stuck low")]
    [TestCase((byte)0x04, "data line stuck high")]
    [TestCase((byte)0x07, "answer 0x07")]
    public void AFailedInterfaceTestIsTheReason(byte answer, string meaning)
    {
        var rig = new I8042Rig();
        rig.Hardware.InterfaceTestAnswer = answer;
        Assert.That(rig.Controller.BringUp(), Is.EqualTo("keyboard interface test: " + meaning));
    }

    [Test]
    public void AMissingKeyboardIsFoundWithinItsTimeout()
    {
        var rig = new I8042Rig();
        rig.Hardware.KeyboardAttached = false;
        Assert.That(rig.Controller.BringUp(), Is.EqualTo("no answer to the keyboard byte 0xff within 100 ms"));
        Assert.That(rig.PausedMilliseconds, Is.EqualTo(100));
    }

    [Test]
    public void AKeyboardWhoseSelfTestFailsIsTheReason()
    {
        var rig = new I8042Rig();
        rig.Hardware.KeyboardSelfTest = 0xFC;
        Assert.That(rig.Controller.BringUp(), Is.EqualTo("keyboard self-test failed (0xfc)"));
    }

    [Test]
    public void AByteTheKeyboardAsksForAgainIsSentAgain()
    {
        var rig = new I8042Rig();
        rig.Hardware.ResendsToAsk = 3;
        Assert.That(rig.Controller.BringUp(), Is.Null);
        Assert.That(rig.Hardware.Written.Count(w => w == "data 0xff"), Is.EqualTo(4), "the reset went out four times: three asked again");
        Assert.That(rig.Hardware.Resets, Is.EqualTo(1));
    }

    [Test]
    public void AKeyboardThatKeepsAskingAgainIsGivenUpOn()
    {
        var rig = new I8042Rig();
        rig.Hardware.ResendsToAsk = 10;
        Assert.That(rig.Controller.BringUp(), Is.EqualTo("keyboard asked for 0xff again 4 times"));
    }

    [Test]
    public void AControllerThatTakesNothingIsFoundWithinItsTimeout()
    {
        var rig = new I8042Rig();
        rig.Hardware.InputStuck = true;
        Assert.That(rig.Controller.BringUp(), Is.EqualTo("the controller took no command 0xad within 100 ms"));
        Assert.That(rig.PausedMilliseconds, Is.EqualTo(100));
    }

    [Test]
    public void TryReadGivesTheKeyboardsBytesAndDropsTheAuxiliaryPorts()
    {
        var rig = new I8042Rig().Up();
        int interruptsBefore = rig.Hardware.KeyboardInterrupts;
        rig.Hardware.Leave(0x08, auxiliary: true);
        rig.Hardware.Type(0x1E);
        rig.Hardware.Leave(0x09, auxiliary: true);
        rig.Hardware.Type(0x9E);

        var read = new List<byte>();
        while (rig.Controller.TryRead(out byte value)) read.Add(value);

        Assert.That(read, Is.EqualTo(new byte[] { 0x1E, 0x9E }));
        Assert.That(rig.Hardware.BytesWaiting, Is.Zero);
        Assert.That(rig.Hardware.KeyboardInterrupts - interruptsBefore, Is.EqualTo(2), "each key byte raised IRQ 1 once bring-up enabled it");
    }
}
