using Zos.Hal.Drivers.Input;

namespace Zos.Drivers.Ps2
{
    // The keyboard behind the 8042 while the driver runs. Service reads every
    // byte waiting, decodes it (set 1, as the controller translates), runs it
    // through the US layout and hands the keystrokes to the reads. The lock
    // LEDs follow the layout: Set LEDs (0xED) and its byte go out one at a
    // time, the byte once the keyboard acknowledged the command (0xFA; 0xFE
    // asks for the last byte again), while keys keep being read in between.
    // A keyboard that does not acknowledge within LedTimeoutMilliseconds is
    // given up on for that change (counted, and taken as shown, so that it is
    // not asked again and again); the next change tries afresh.
    public sealed class Ps2Keyboard
    {
        public const int LedTimeoutMilliseconds = 100;

        private const int Idle = 0, CommandSent = 1, LedsSent = 2;

        private readonly I8042Controller _controller;
        private readonly ScancodeSet1Decoder _decoder = new ScancodeSet1Decoder();
        private readonly UsKeyboardLayout _layout = new UsKeyboardLayout();
        // What the LEDs show (bring-up turned them all off), and the byte on its way.
        private byte _ledsShown, _ledsSending;
        private int _ledStep;
        private int _resends;
        private ulong _ledStepSince;

        public Ps2Keyboard(I8042Controller controller)
        {
            _controller = controller;
        }

        public byte LedsShown => _ledsShown;
        // LED changes the keyboard never acknowledged.
        public ulong LedFailures { get; private set; }

        // Null, or why the controller cannot be used any more.
        public string Service(KeyboardReads reads, ulong nowMilliseconds)
        {
            while (_controller.TryRead(out byte value))
            {
                if (_ledStep != Idle && (value == Ps2KeyboardCommands.Acknowledge || value == Ps2KeyboardCommands.Resend))
                {
                    string error = LedAnswer(value, nowMilliseconds);
                    if (error is not null) return error;
                    continue;
                }
                if (_decoder.Feed(value, out KeyTransition transition) && _layout.Apply(transition, out KeyStroke stroke))
                    reads.Add(stroke);
            }
            return UpdateLeds(nowMilliseconds);
        }

        private string UpdateLeds(ulong now)
        {
            if (_ledStep != Idle)
            {
                if (now - _ledStepSince < LedTimeoutMilliseconds) return null;
                GiveUpLeds();
            }
            if (_layout.Leds == _ledsShown) return null;
            _ledsSending = _layout.Leds;
            _resends = 0;
            return Send(CommandSent, now);
        }

        private string LedAnswer(byte answer, ulong now)
        {
            if (answer == Ps2KeyboardCommands.Resend)
            {
                if (_resends++ < I8042Controller.Resends) return Send(_ledStep, now);
                GiveUpLeds();
                return null;
            }
            if (_ledStep == CommandSent) return Send(LedsSent, now);
            _ledsShown = _ledsSending;
            _ledStep = Idle;
            return null;
        }

        // Writes the byte of this step (the command, or the LED byte) and waits for its answer.
        private string Send(int step, ulong now)
        {
            _ledStep = step;
            _ledStepSince = now;
            return _controller.WriteData(step == CommandSent ? Ps2KeyboardCommands.SetLeds : _ledsSending);
        }

        private void GiveUpLeds()
        {
            LedFailures++;
            _ledStep = Idle;
            _ledsShown = _ledsSending;
        }
    }
}
