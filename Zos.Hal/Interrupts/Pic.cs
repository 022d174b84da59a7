namespace Zos.Hal.Interrupts
{
    // The legacy 8259 pair, remapped so that IRQ 0-15 arrive at vectors 32-47
    // instead of colliding with CPU exceptions (even when it is then fully masked
    // in favour of the I/O APIC: a spurious IRQ 7/15 must not look like a fault).
    // All lines start masked.
    public static class Pic
    {
        public const int VectorBase = 32;
        public const int LineCount = 16;

        private const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;
        private const byte EndOfInterruptCommand = 0x20;

        private static ushort s_mask = 0xFFFF;

        public static void Remap()
        {
            PortIo.Write8(MasterCommand, 0x11);     // ICW1: initialise, expect ICW4
            PortIo.Write8(SlaveCommand, 0x11);
            PortIo.Write8(MasterData, VectorBase);  // ICW2: vector offsets
            PortIo.Write8(SlaveData, VectorBase + 8);
            PortIo.Write8(MasterData, 0x04);        // ICW3: slave on line 2
            PortIo.Write8(SlaveData, 0x02);
            PortIo.Write8(MasterData, 0x01);        // ICW4: 8086 mode
            PortIo.Write8(SlaveData, 0x01);
            ApplyMask();
        }

        public static void Unmask(int line)
        {
            s_mask &= (ushort)~(1 << line);
            if (line >= 8) s_mask &= unchecked((ushort)~(1 << 2));   // the cascade line
            ApplyMask();
        }

        public static void Mask(int line)
        {
            s_mask |= (ushort)(1 << line);
            ApplyMask();
        }

        public static void MaskAll()
        {
            s_mask = 0xFFFF;
            ApplyMask();
        }

        public static void EndOfInterrupt(int line)
        {
            if (line >= 8) PortIo.Write8(SlaveCommand, EndOfInterruptCommand);
            PortIo.Write8(MasterCommand, EndOfInterruptCommand);
        }

        private static void ApplyMask()
        {
            PortIo.Write8(MasterData, (byte)s_mask);
            PortIo.Write8(SlaveData, (byte)(s_mask >> 8));
        }
    }
}
