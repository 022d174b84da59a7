using System;

namespace Zos.Hal.Capabilities.Granting
{
    // The real hardware: port instructions, MMIO and RAM through the kernel's
    // identity map, whose bounds the kernel passes in (the map is its business).
    public sealed unsafe class MachineHardware : HardwareAccess
    {
        private readonly ulong _mappedStart;
        private readonly ulong _mappedEnd;

        public MachineHardware(ulong mappedStart, ulong mappedEnd)
        {
            _mappedStart = mappedStart;
            _mappedEnd = mappedEnd;
        }

        public override byte ReadPort8(ushort port) => PortIo.Read8(port);
        public override ushort ReadPort16(ushort port) => PortIo.Read16(port);
        public override uint ReadPort32(ushort port) => PortIo.Read32(port);
        public override void WritePort8(ushort port, byte value) => PortIo.Write8(port, value);
        public override void WritePort16(ushort port, ushort value) => PortIo.Write16(port, value);
        public override void WritePort32(ushort port, uint value) => PortIo.Write32(port, value);

        public override bool ReachesMmio(ulong physicalBase, ulong size) =>
            physicalBase >= _mappedStart && physicalBase < _mappedEnd && size <= _mappedEnd - physicalBase;

        public override byte ReadMmio8(ulong physicalAddress) => Mmio.Read8(physicalAddress);
        public override ushort ReadMmio16(ulong physicalAddress) => Mmio.Read16(physicalAddress);
        public override uint ReadMmio32(ulong physicalAddress) => Mmio.Read32(physicalAddress);
        public override ulong ReadMmio64(ulong physicalAddress) => Mmio.Read64(physicalAddress);
        public override void WriteMmio8(ulong physicalAddress, byte value) => Mmio.Write8(physicalAddress, value);
        public override void WriteMmio16(ulong physicalAddress, ushort value) => Mmio.Write16(physicalAddress, value);
        public override void WriteMmio32(ulong physicalAddress, uint value) => Mmio.Write32(physicalAddress, value);
        public override void WriteMmio64(ulong physicalAddress, ulong value) => Mmio.Write64(physicalAddress, value);

        // Span copies go through the corlib's word-wise Memmove.
        public override void ReadMemory(ulong physicalAddress, Span<byte> into) =>
            new ReadOnlySpan<byte>((void*)physicalAddress, into.Length).CopyTo(into);

        public override void WriteMemory(ulong physicalAddress, ReadOnlySpan<byte> from) =>
            from.CopyTo(new Span<byte>((void*)physicalAddress, from.Length));

        public override void ZeroMemory(ulong physicalAddress, ulong length)
        {
            const ulong Chunk = 1UL << 30;
            for (ulong done = 0; done < length; done += Chunk)
                new Span<byte>((void*)(physicalAddress + done), (int)(length - done < Chunk ? length - done : Chunk)).Clear();
        }
    }
}
