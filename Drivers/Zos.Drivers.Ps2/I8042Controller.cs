using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Ps2
{
    // The 8042 and the keyboard on its first port, through the two port
    // capabilities. BringUp takes both from whatever the firmware left; after
    // it the keyboard sends translated scan codes (set 2 on the wire, set 1 at
    // the data port) and interrupts on IRQ 1. Every wait is bounded: the
    // status is polled with a pause of 1 ms between looks (pause: the driver's
    // Sleep; host tests move a simulated clock).
    public sealed class I8042Controller
    {
        // The controller answers its own commands at once; the keyboard's
        // basic assurance test after a reset takes 500-750 ms (IBM).
        public const int AnswerTimeoutMilliseconds = 100;
        public const int KeyboardResetTimeoutMilliseconds = 1000;
        // A keyboard that asks for a byte again (0xFE) gets it this many times at most.
        public const int Resends = 3;
        // The output buffer is one byte on a real 8042; emulations queue a few more.
        public const int MostBytesToFlush = 64;

        private readonly IoPortRange _data;
        private readonly IoPortRange _command;
        private readonly Action<int> _pause;

        // data: port 0x60; command: port 0x64 (status when read).
        public I8042Controller(IoPortRange data, IoPortRange command, Action<int> pause)
        {
            _data = data;
            _command = command;
            _pause = pause;
        }

        // The configuration byte written last (by BringUp).
        public byte Configuration { get; private set; }

        private byte Status => _command.Read8(0);

        // Takes the controller and keyboard from the firmware (OSDev's
        // initialisation order): both ports off, the output buffer flushed,
        // interrupts off and translation on, the controller's self-test and the
        // keyboard interface test, the keyboard port on, the keyboard reset,
        // set 2 selected, its LEDs off, scanning on, and finally the keyboard's
        // interrupt on (the auxiliary port stays off). Null, or the step that failed.
        public string BringUp()
        {
            string error = Command(I8042Registers.DisableKeyboard) ?? Command(I8042Registers.DisableAuxiliary) ?? Flush();
            if (error is not null) return error;
            error = ReadConfiguration(out byte configuration);
            if (error is not null) return error;
            // No interrupts while bring-up polls; the keyboard clock stays off until the port is enabled.
            byte quiet = (byte)((configuration & ~(I8042Registers.KeyboardInterrupt | I8042Registers.AuxiliaryInterrupt)) | I8042Registers.Translation);
            error = WriteConfiguration(quiet) ?? Expect(I8042Registers.SelfTest, I8042Registers.SelfTestPassed, "controller self-test");
            if (error is not null) return error;
            // Some controllers reset themselves in the self-test: the configuration is written again.
            byte test = 0;
            error = WriteConfiguration(quiet) ?? Command(I8042Registers.KeyboardInterfaceTest) ?? Answer(AnswerTimeoutMilliseconds, "keyboard interface test", out test);
            if (error is not null) return error;
            if (test != I8042Registers.InterfaceTestPassed) return "keyboard interface test: " + I8042Registers.InterfaceTestFailure(test);
            error = Command(I8042Registers.EnableKeyboard) ?? ResetKeyboard()
                ?? SendToKeyboard(Ps2KeyboardCommands.SelectScanCodeSet) ?? SendToKeyboard(2)
                ?? SendToKeyboard(Ps2KeyboardCommands.SetLeds) ?? SendToKeyboard(0)
                ?? SendToKeyboard(Ps2KeyboardCommands.EnableScanning);
            if (error is not null) return error;
            byte running = (byte)((quiet | I8042Registers.KeyboardInterrupt | I8042Registers.AuxiliaryClockOff) & ~I8042Registers.KeyboardClockOff);
            return WriteConfiguration(running);
        }

        // A byte from the keyboard, if one waits. Bytes from the auxiliary
        // port (which BringUp leaves off) are read and dropped.
        public bool TryRead(out byte value)
        {
            while (true)
            {
                byte status = Status;
                value = 0;
                if ((status & I8042Registers.OutputFull) == 0) return false;
                value = _data.Read8(0);
                if ((status & I8042Registers.AuxiliaryData) == 0) return true;
            }
        }

        // Writes the data port once the controller has room: a byte for the
        // keyboard (its answer comes through TryRead), or the parameter of the
        // controller command just written. Null, or why it could not.
        public string WriteData(byte value)
        {
            if (!WaitFor(I8042Registers.InputFull, false, AnswerTimeoutMilliseconds))
                return "the controller took no byte for the keyboard within " + AnswerTimeoutMilliseconds.ToString() + " ms";
            _data.Write8(0, value);
            return null;
        }

        // Bring-up only (nothing else reads meanwhile): one byte for the
        // keyboard, sent again while it answers Resend, until it acknowledges.
        public string SendToKeyboard(byte value)
        {
            for (int attempt = 0; attempt <= Resends; attempt++)
            {
                byte answer = 0;
                string error = WriteData(value) ?? Answer(AnswerTimeoutMilliseconds, "keyboard byte 0x" + value.ToString("x2"), out answer);
                if (error is not null) return error;
                if (answer == Ps2KeyboardCommands.Acknowledge) return null;
                if (answer != Ps2KeyboardCommands.Resend)
                    return "keyboard answered 0x" + answer.ToString("x2") + " to 0x" + value.ToString("x2") + " (0xfa expected)";
            }
            return "keyboard asked for 0x" + value.ToString("x2") + " again " + (Resends + 1).ToString() + " times";
        }

        private string ResetKeyboard()
        {
            byte result = 0;
            string error = SendToKeyboard(Ps2KeyboardCommands.Reset) ?? Answer(KeyboardResetTimeoutMilliseconds, "keyboard self-test", out result);
            if (error is not null) return error;
            return result == Ps2KeyboardCommands.SelfTestPassed ? null : "keyboard self-test failed (0x" + result.ToString("x2") + ")";
        }

        private string ReadConfiguration(out byte configuration)
        {
            configuration = 0;
            return Command(I8042Registers.ReadConfiguration) ?? Answer(AnswerTimeoutMilliseconds, "configuration byte", out configuration);
        }

        private string WriteConfiguration(byte configuration)
        {
            string error = Command(I8042Registers.WriteConfiguration) ?? WriteData(configuration);
            if (error is null) Configuration = configuration;
            return error;
        }

        // A command with a one-byte answer that must be `expected`.
        private string Expect(byte command, byte expected, string what)
        {
            byte answer = 0;
            string error = Command(command) ?? Answer(AnswerTimeoutMilliseconds, what, out answer);
            if (error is not null) return error;
            return answer == expected ? null : what + " answered 0x" + answer.ToString("x2") + " (0x" + expected.ToString("x2") + " expected)";
        }

        private string Command(byte command)
        {
            if (!WaitFor(I8042Registers.InputFull, false, AnswerTimeoutMilliseconds))
                return "the controller took no command 0x" + command.ToString("x2") + " within " + AnswerTimeoutMilliseconds.ToString() + " ms";
            _command.Write8(0, command);
            return null;
        }

        private string Answer(int timeoutMilliseconds, string what, out byte answer)
        {
            answer = 0;
            if (!WaitFor(I8042Registers.OutputFull, true, timeoutMilliseconds))
                return "no answer to the " + what + " within " + timeoutMilliseconds.ToString() + " ms";
            answer = _data.Read8(0);
            return null;
        }

        // Drops whatever the firmware or the keyboard left in the output buffer.
        private string Flush()
        {
            for (int i = 0; i < MostBytesToFlush; i++)
            {
                if ((Status & I8042Registers.OutputFull) == 0) return null;
                _data.Read8(0);
            }
            return "the output buffer still held data after " + MostBytesToFlush.ToString() + " reads";
        }

        // Whether the status bit reached the state within the time (looks once more at the end).
        private bool WaitFor(byte bit, bool set, int milliseconds)
        {
            for (int waited = 0; ; waited++)
            {
                if (((Status & bit) != 0) == set) return true;
                if (waited >= milliseconds) return false;
                _pause(1);
            }
        }
    }
}
