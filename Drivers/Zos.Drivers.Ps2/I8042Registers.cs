namespace Zos.Drivers.Ps2
{
    // The 8042 keyboard controller's interface (IBM PS/2 Hardware Interface
    // Technical Reference, "Keyboard/Auxiliary Device Controller"; OSDev
    // "8042 PS/2 Controller"): a data port and a status/command port, the
    // status bits, the bits of its configuration ("command") byte, and the
    // commands written to the command port.
    public static class I8042Registers
    {
        public const ushort DataPort = 0x60, CommandPort = 0x64;

        // Status register (read at the command port).
        public const byte OutputFull = 0x01;      // a byte waits at the data port
        public const byte InputFull = 0x02;       // the controller has not taken the last byte written
        public const byte AuxiliaryData = 0x20;   // the waiting byte came from the auxiliary (mouse) port
        public const byte Timeout = 0x40;
        public const byte ParityError = 0x80;

        // Configuration byte.
        public const byte KeyboardInterrupt = 0x01;
        public const byte AuxiliaryInterrupt = 0x02;
        public const byte KeyboardClockOff = 0x10;
        public const byte AuxiliaryClockOff = 0x20;
        // The controller translates the keyboard's scan code set 2 into set 1.
        public const byte Translation = 0x40;

        // Commands.
        public const byte ReadConfiguration = 0x20;
        public const byte WriteConfiguration = 0x60;
        public const byte DisableAuxiliary = 0xA7;
        public const byte SelfTest = 0xAA;
        public const byte KeyboardInterfaceTest = 0xAB;
        public const byte DisableKeyboard = 0xAD;
        public const byte EnableKeyboard = 0xAE;

        // Answers.
        public const byte SelfTestPassed = 0x55;
        public const byte InterfaceTestPassed = 0x00;

        // What the keyboard interface test's other answers mean.
        public static string InterfaceTestFailure(byte answer) => answer switch
        {
            0x01 => "clock line stuck low",
            0x02 => "clock line stuck high",
            0x03 => "data line stuck low",
            0x04 => "data line stuck high",
            _ => "answer 0x" + answer.ToString("x2"),
        };
    }
}
