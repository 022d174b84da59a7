using System;

namespace Zos.Hal.Memory
{
    // Physical memory by address: the one way the kernel reaches device
    // registers (MMIO), DMA buffers and firmware tables. IdentityMappedMemory is
    // the kernel's; host tests simulate an address space. Callers check what
    // they may touch (capabilities, table bounds) before calling in here, and
    // ask Reaches where an address may not be mapped at all (declaring an MMIO
    // region; TryRead asks itself), so the accesses do not check. An abstract
    // class rather than an interface because the kernel has no interface
    // dispatch yet.
    public abstract class PhysicalMemory
    {
        // Whether all of [address, address + length) can be accessed; the reason when not.
        public abstract bool Reaches(ulong address, ulong length, out string reason);

        // Makes a device's registers reachable where the firmware put them
        // (the kernel maps them, uncached); null, or why they cannot be.
        public virtual string MapDevice(ulong address, ulong length) => Reaches(address, length, out string reason) ? null : reason;

        // Device registers: one access of exactly the named width each, since
        // a wider or split access can have other side effects.
        public abstract byte Read8(ulong address);
        public abstract ushort Read16(ulong address);
        public abstract uint Read32(ulong address);
        public abstract ulong Read64(ulong address);
        public abstract void Write8(ulong address, byte value);
        public abstract void Write16(ulong address, ushort value);
        public abstract void Write32(ulong address, uint value);
        public abstract void Write64(ulong address, ulong value);

        // Ordinary RAM (DMA buffers): copied in and out, never exposed as a span,
        // so no reference to it outlives a capability's revocation.
        public abstract void ReadBytes(ulong address, Span<byte> into);
        public abstract void WriteBytes(ulong address, ReadOnlySpan<byte> from);
        public abstract void ZeroBytes(ulong address, ulong length);

        // Firmware tables, read in place by the kernel (a BIOS area scan would
        // otherwise copy 128 KiB): the bytes at [address, address + length), or
        // false with the reason when any of them cannot be read.
        public bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes, out string error)
        {
            bytes = default;
            if (length < 0)
            {
                error = "negative length " + length.ToString();
                return false;
            }
            if (!Reaches(address, (ulong)length, out error)) return false;
            bytes = View(address, length);
            return true;
        }

        // The bytes in place; called only for a range Reaches accepted.
        protected abstract ReadOnlySpan<byte> View(ulong address, int length);
    }
}
