using System;

namespace Zos.Hal.Capabilities.Granting
{
    // The one way capabilities reach hardware: I/O ports, MMIO registers and
    // the physical memory of DMA buffers. MachineHardware is the real one; host
    // tests simulate it and check what reached it. Capabilities have checked
    // every access before calling in here, so implementations do not check.
    public abstract class HardwareAccess
    {
        public abstract byte ReadPort8(ushort port);
        public abstract ushort ReadPort16(ushort port);
        public abstract uint ReadPort32(ushort port);
        public abstract void WritePort8(ushort port, byte value);
        public abstract void WritePort16(ushort port, ushort value);
        public abstract void WritePort32(ushort port, uint value);

        // Whether MMIO at [physicalBase, physicalBase + size) can be accessed at all
        // (mapped); the authority refuses to declare a region that cannot.
        public abstract bool ReachesMmio(ulong physicalBase, ulong size);
        public abstract byte ReadMmio8(ulong physicalAddress);
        public abstract ushort ReadMmio16(ulong physicalAddress);
        public abstract uint ReadMmio32(ulong physicalAddress);
        public abstract ulong ReadMmio64(ulong physicalAddress);
        public abstract void WriteMmio8(ulong physicalAddress, byte value);
        public abstract void WriteMmio16(ulong physicalAddress, ushort value);
        public abstract void WriteMmio32(ulong physicalAddress, uint value);
        public abstract void WriteMmio64(ulong physicalAddress, ulong value);

        // Ordinary RAM (DMA buffers): copied in and out, never exposed as a span,
        // so no reference to it outlives a revocation.
        public abstract void ReadMemory(ulong physicalAddress, Span<byte> into);
        public abstract void WriteMemory(ulong physicalAddress, ReadOnlySpan<byte> from);
        public abstract void ZeroMemory(ulong physicalAddress, ulong length);
    }
}
