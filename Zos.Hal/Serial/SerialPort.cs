namespace Zos.Hal.Serial
{
    // A 16550-compatible UART (COM1 at 0x3F8 on PCs), 115200 baud, 8N1.
    public sealed class SerialPort
    {
        public const ushort Com1 = 0x3F8;

        private const int Data = 0, InterruptEnable = 1, FifoControl = 2, LineControl = 3, ModemControl = 4, LineStatus = 5, Scratch = 7;
        private const byte DataReady = 0x01, TransmitterEmpty = 0x20;

        private readonly ushort _base;

        public SerialPort(ushort basePort)
        {
            _base = basePort;
        }

        // False when no UART answers at the port (VirtualBox's default, QEMU's
        // `-serial none`): its registers then read 0xFF, the line status saying
        // "data ready" forever. Known after Initialize.
        public bool IsPresent { get; private set; }

        public void Initialize()
        {
            // The scratch register (16550 datasheet, SCR) keeps what is written; an absent port does not.
            Write(Scratch, 0x5A);
            IsPresent = Read(Scratch) == 0x5A;
            if (!IsPresent) return;
            Write(InterruptEnable, 0x00);
            Write(LineControl, 0x80);           // divisor latch
            Write(Data, 0x01);                  // 115200 / 1
            Write(InterruptEnable, 0x00);
            Write(LineControl, 0x03);           // 8 bits, no parity, one stop bit
            Write(FifoControl, 0xC7);           // FIFOs on, cleared, 14-byte threshold
            Write(ModemControl, 0x0B);          // DTR, RTS, OUT2 (routes the IRQ)
        }

        // Raises IRQ 4 when a byte arrives, so a reader can sleep instead of polling.
        public void EnableReceiveInterrupt() => Write(InterruptEnable, 0x01);

        public bool HasData => (Read(LineStatus) & DataReady) != 0;

        public byte ReadByte() => Read(Data);

        public void WriteByte(byte value)
        {
            while ((Read(LineStatus) & TransmitterEmpty) == 0) Cpu.Pause();
            Write(Data, value);
        }

        private byte Read(int register) => PortIo.Read8((ushort)(_base + register));

        private void Write(int register, byte value) => PortIo.Write8((ushort)(_base + register), value);
    }
}
