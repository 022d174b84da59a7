using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.Ps2;

// An 8042 keyboard controller with a keyboard on its first port, written from
// the IBM PS/2 Hardware Interface Technical Reference (and OSDev's summary of
// it), never from the driver: every command, bit and answer is a literal here.
// Status (read 0x64): bit 0 output buffer full, bit 1 input buffer full, bit 5
// the byte is the auxiliary port's. Commands (write 0x64): 0x20 read and 0x60
// write the configuration byte (bit 0 keyboard interrupt, bit 1 auxiliary
// interrupt, bit 4 keyboard clock off, bit 5 auxiliary clock off, bit 6
// translation), 0xA7/0xA8 auxiliary port off/on, 0xAA self-test (0x55),
// 0xAB keyboard interface test (0x00), 0xAD/0xAE keyboard port off/on.
// Keyboard (write 0x60): 0xFF reset (0xFA, then 0xAA when its self-test
// passes), 0xED + LED byte, 0xF0 + scan code set, 0xF4 enable and 0xF5
// disable scanning; each byte acknowledged with 0xFA, or 0xFE to ask again.
// Keys reach the data port only while the port is on, the keyboard scans and
// the controller translates (the driver's choice: set 1 bytes arrive).
public sealed class SimulatedI8042
{
    private readonly Queue<(byte Value, bool Auxiliary)> _output = new();
    private byte? _awaitingParameterFor;
    private byte? _keyboardAwaits;

    public SimulatedI8042()
    {
        Data = new Port(this, data: true);
        Command = new Port(this, data: false);
    }

    public SimulatedRegisterFile Data { get; }
    public SimulatedRegisterFile Command { get; }

    // What firmware leaves: keyboard interrupt, system flag, translation.
    public byte Configuration { get; set; } = 0x45;
    public byte SelfTestAnswer { get; set; } = 0x55;
    public byte InterfaceTestAnswer { get; set; } = 0x00;
    public bool KeyboardAttached { get; set; } = true;
    public byte KeyboardSelfTest { get; set; } = 0xAA;
    // The keyboard answers 0xFE to this many bytes before acknowledging one.
    public int ResendsToAsk { get; set; }
    // The keyboard stays silent after a Set LEDs command (a broken keyboard).
    public bool IgnoresLedCommands { get; set; }
    // The controller never takes a byte (input buffer stuck full).
    public bool InputStuck { get; set; }

    public bool Scanning { get; private set; }
    public byte ScanCodeSet { get; private set; } = 2;
    public byte Leds { get; private set; } = 0x07;
    public int Resets { get; private set; }
    public bool KeyboardPortOn => (Configuration & 0x10) == 0;
    public bool AuxiliaryPortOn => (Configuration & 0x20) == 0;
    // Every byte written: "cmd 0xad", "data 0xff".
    public List<string> Written { get; } = new();
    // Interrupts raised on IRQ 1 (a byte for the keyboard port with bit 0 of the configuration set).
    public int KeyboardInterrupts { get; private set; }
    public int BytesWaiting => _output.Count;

    // Bytes the controller holds already (the firmware's leftovers), from the keyboard or the auxiliary port.
    public void Leave(byte value, bool auxiliary = false) => _output.Enqueue((value, auxiliary));

    // A key's bytes as the data port delivers them with translation on (set 1).
    public void Type(params byte[] set1Bytes)
    {
        Assert.That(KeyboardPortOn && Scanning && (Configuration & 0x40) != 0, Is.True,
            "keys arrive only with the keyboard port on, scanning enabled and translation on");
        foreach (byte value in set1Bytes) Queue(value);
    }

    private void Queue(byte value, bool auxiliary = false)
    {
        _output.Enqueue((value, auxiliary));
        if (!auxiliary && (Configuration & 0x01) != 0) KeyboardInterrupts++;
    }

    private byte Status => (byte)((_output.Count > 0 ? 0x01 : 0) | (InputStuck ? 0x02 : 0) | (_output.Count > 0 && _output.Peek().Auxiliary ? 0x20 : 0));

    private byte ReadData() => _output.Count > 0 ? _output.Dequeue().Value : (byte)0;

    private void WriteCommand(byte command)
    {
        Written.Add($"cmd 0x{command:x2}");
        switch (command)
        {
            case 0x20: Queue(Configuration); break;
            case 0x60: _awaitingParameterFor = command; break;
            case 0xA7: Configuration |= 0x20; break;
            case 0xA8: Configuration &= unchecked((byte)~0x20); break;
            case 0xAA: Queue(SelfTestAnswer); break;
            case 0xAB: Queue(InterfaceTestAnswer); break;
            case 0xAD: Configuration |= 0x10; break;
            case 0xAE: Configuration &= unchecked((byte)~0x10); break;
            default: Assert.Fail($"command 0x{command:x2} is not one the driver should send"); break;
        }
    }

    private void WriteData(byte value)
    {
        Written.Add($"data 0x{value:x2}");
        if (_awaitingParameterFor == 0x60)
        {
            _awaitingParameterFor = null;
            Configuration = value;
            return;
        }
        if (!KeyboardAttached) return;
        if (ResendsToAsk > 0)
        {
            ResendsToAsk--;
            Queue(0xFE);
            return;
        }
        if (_keyboardAwaits is byte command)
        {
            _keyboardAwaits = null;
            if (command == 0xED) Leds = value;
            else ScanCodeSet = value;
            Queue(0xFA);
            return;
        }
        switch (value)
        {
            case 0xFF:
                Resets++;
                Scanning = false;
                ScanCodeSet = 2;
                Leds = 0;
                Queue(0xFA);
                Queue(KeyboardSelfTest);
                break;
            case 0xED:
                if (IgnoresLedCommands) return;
                _keyboardAwaits = value;
                Queue(0xFA);
                break;
            case 0xF0:
                _keyboardAwaits = value;
                Queue(0xFA);
                break;
            case 0xF4: Scanning = true; Queue(0xFA); break;
            case 0xF5: Scanning = false; Queue(0xFA); break;
            default: Queue(0xFE); break;
        }
    }

    private sealed class Port(SimulatedI8042 controller, bool data) : SimulatedRegisterFile
    {
        public override ulong Read(ulong offset, int width)
        {
            Assert.That(width, Is.EqualTo(1), "the 8042 is read a byte at a time");
            return data ? controller.ReadData() : controller.Status;
        }

        public override void Write(ulong offset, int width, ulong value)
        {
            Assert.That(width, Is.EqualTo(1), "the 8042 is written a byte at a time");
            if (controller.InputStuck) return;
            if (data) controller.WriteData((byte)value);
            else controller.WriteCommand((byte)value);
        }
    }
}
