namespace Zos.Drivers.Edu
{
    // The edu device's registers (QEMU docs/specs/edu.rst), offsets in BAR 0.
    // Below 0x80 the device takes only 32-bit accesses; the DMA registers take 64.
    internal static class EduRegisters
    {
        public const ulong Identification = 0x00;     // 0xRRrr00ED: major, minor, 0xED
        public const ulong Liveness = 0x04;           // reads back the inverse of what was written
        public const ulong Factorial = 0x08;          // write n, read n! once not computing
        public const ulong Status = 0x20;             // bit 0 computing, bit 7 interrupt after factorial
        public const ulong InterruptStatus = 0x24;
        public const ulong InterruptRaise = 0x60;
        public const ulong InterruptAcknowledge = 0x64;
        public const ulong DmaSource = 0x80;
        public const ulong DmaDestination = 0x88;
        public const ulong DmaCount = 0x90;
        public const ulong DmaCommand = 0x98;

        public const uint IdentificationMagic = 0xED;
        public const uint StatusComputing = 0x01;
        public const uint StatusInterruptOnFactorial = 0x80;
        public const uint FactorialInterrupt = 0x001;
        public const uint DmaInterrupt = 0x100;

        public const ulong DmaStart = 0x1, DmaToRam = 0x2, DmaRaiseInterrupt = 0x4;
        // The device's own 4 KiB buffer, as the DMA engine addresses it.
        public const ulong DeviceBuffer = 0x40000;
        public const int DeviceBufferBytes = 4096;
        // QEMU 7.2 refuses (with a hardware error that ends QEMU) a transfer that
        // ends exactly at the buffer's end, so one byte less (later QEMU accepts it).
        public const int LargestTransfer = DeviceBufferBytes - 1;
        // The DMA engine drives 28 address bits.
        public const ulong DmaAddressLimit = 0x1000_0000;
    }
}
