using Zos.Hal.Memory;

namespace Zos.Hal.Apic
{
    // One I/O APIC: routes its global system interrupts (GSIs) to vectors on a
    // local APIC. Registers are reached through the select/window pair; each
    // GSI has a 64-bit redirection entry (82093AA datasheet).
    public sealed class IoApic
    {
        private const uint SelectRegister = 0x00, WindowRegister = 0x10;
        private const uint VersionIndex = 0x01, RedirectionBase = 0x10;
        private const uint ActiveLow = 1 << 13, LevelTriggered = 1 << 15, Masked = 1 << 16;

        private readonly PhysicalMemory _memory;
        private readonly ulong _address;

        public IoApic(PhysicalMemory memory, ulong address, uint gsiBase)
        {
            _memory = memory;
            _address = address;
            GsiBase = gsiBase;
            LineCount = (int)((Read(VersionIndex) >> 16) & 0xFF) + 1;
            for (int i = 0; i < LineCount; i++) WriteEntry(i, Masked, 0);
        }

        public uint GsiBase { get; }
        public int LineCount { get; }
        public ulong Address => _address;

        public bool Handles(uint gsi) => gsi >= GsiBase && gsi < GsiBase + (uint)LineCount;

        // Starts masked; Unmask delivers it.
        public void Route(uint gsi, int vector, IrqPolarity polarity, IrqTrigger trigger, uint destinationApicId)
        {
            uint low = (uint)vector | Masked;
            if (polarity == IrqPolarity.ActiveLow) low |= ActiveLow;
            if (trigger == IrqTrigger.Level) low |= LevelTriggered;
            WriteEntry((int)(gsi - GsiBase), low, destinationApicId << 24);
        }

        public void Unmask(uint gsi) => SetMasked(gsi, false);

        public void Mask(uint gsi) => SetMasked(gsi, true);

        private void SetMasked(uint gsi, bool masked)
        {
            uint index = RedirectionBase + (gsi - GsiBase) * 2;
            uint low = Read(index);
            Write(index, masked ? low | Masked : low & ~Masked);
        }

        private void WriteEntry(int line, uint low, uint high)
        {
            uint index = RedirectionBase + (uint)line * 2;
            Write(index, Masked);           // never live with a half-written entry
            Write(index + 1, high);
            Write(index, low);
        }

        private uint Read(uint index)
        {
            _memory.Write32(_address + SelectRegister, index);
            return _memory.Read32(_address + WindowRegister);
        }

        private void Write(uint index, uint value)
        {
            _memory.Write32(_address + SelectRegister, index);
            _memory.Write32(_address + WindowRegister, value);
        }
    }
}
