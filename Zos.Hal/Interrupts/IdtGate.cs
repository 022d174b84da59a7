namespace Zos.Hal.Interrupts
{
    // Encodes a 64-bit interrupt gate descriptor (Intel SDM vol. 3, 6.14.1).
    public static class IdtGate
    {
        public const byte InterruptGate = 0x8E;   // present, ring 0, 64-bit interrupt gate

        public static void Encode(ulong handler, ushort codeSelector, byte istIndex, byte typeAndAttributes, out ulong low, out ulong high)
        {
            low = (handler & 0xFFFF)
                | ((ulong)codeSelector << 16)
                | ((ulong)(istIndex & 0x7) << 32)
                | ((ulong)typeAndAttributes << 40)
                | ((handler >> 16) & 0xFFFF) << 48;
            high = handler >> 32;
        }
    }
}
