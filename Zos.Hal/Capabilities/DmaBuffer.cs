using System;
using System.Runtime.InteropServices;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;

namespace Zos.Hal.Capabilities
{
    // One physically contiguous, pinned buffer: from a DmaPool, or lent by the
    // kernel for one request (CapabilityAuthority.Lend: a slice of a client's
    // array, no pool, nothing to reclaim, since the memory is the client's). The
    // device gets DeviceAddress; the driver reads and writes the bytes through
    // the buffer (copies, never a span onto the memory, so nothing outlives a
    // revocation). Rights: Read, Write (of a lent one: what the device may do).
    public sealed class DmaBuffer : Capability
    {
        internal const ulong PageSize = 4096;

        private readonly PhysicalMemory _memory;
        private readonly ulong _physical;
        private readonly int _length;
        private bool _released;
        // Mapped for the device by the authority's IOMMU (unmapped at the revocation).
        private readonly bool _mapped;
        // The mapping could not be taken back: the device may still reach the memory.
        private bool _stillReachable;

        internal DmaBuffer(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, DmaPool pool,
            PhysicalMemory memory, ulong physicalAddress, ulong deviceAddress, int length, ulong reservedBytes, bool mapped)
            : base(authority, owner, rights, pool)
        {
            _memory = memory;
            _physical = physicalAddress;
            DeviceAddress = deviceAddress;
            _length = length;
            ReservedBytes = reservedBytes;
            _mapped = mapped;
            // Lent memory is never the driver's to free or the kernel's to reclaim.
            _released = pool is null;
        }

        public override CapabilityKind Kind => CapabilityKind.DmaBuffer;
        // The address to program into the device.
        public ulong DeviceAddress { get; }
        public int Length => _length;
        internal ulong PhysicalAddress => _physical;
        internal ulong ReservedBytes { get; }
        // Lent for one request: the memory belongs to a client.
        public bool IsLent => Parent is null;
        internal override bool HoldsUnreclaimedMemory => !_released;

        public override string Describe() =>
            (IsLent ? "lent dma buffer device 0x" : "dma buffer device 0x") + DeviceAddress.ToString("x") + " " + _length.ToString() + " bytes " + CapabilityText.Of(Rights);

        public byte Read8(int offset)
        {
            Span<byte> bytes = stackalloc byte[1];
            CopyTo(offset, bytes);
            return bytes[0];
        }

        public ushort Read16(int offset)
        {
            Span<byte> bytes = stackalloc byte[2];
            CopyTo(offset, bytes);
            return MemoryMarshal.Read<ushort>(bytes);
        }

        public uint Read32(int offset)
        {
            Span<byte> bytes = stackalloc byte[4];
            CopyTo(offset, bytes);
            return MemoryMarshal.Read<uint>(bytes);
        }

        public ulong Read64(int offset)
        {
            Span<byte> bytes = stackalloc byte[8];
            CopyTo(offset, bytes);
            return MemoryMarshal.Read<ulong>(bytes);
        }

        public void Write8(int offset, byte value)
        {
            Span<byte> bytes = stackalloc byte[1];
            bytes[0] = value;
            CopyFrom(offset, bytes);
        }

        public void Write16(int offset, ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            MemoryMarshal.Write(bytes, in value);
            CopyFrom(offset, bytes);
        }

        public void Write32(int offset, uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            MemoryMarshal.Write(bytes, in value);
            CopyFrom(offset, bytes);
        }

        public void Write64(int offset, ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            MemoryMarshal.Write(bytes, in value);
            CopyFrom(offset, bytes);
        }

        // The bytes at [offset, offset + into.Length).
        public void CopyTo(int offset, Span<byte> into)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, into.Length)) throw Violation(CapabilityRights.Read, Address(offset));
            _memory.ReadBytes(_physical + (ulong)offset, into);
        }

        public void CopyFrom(int offset, ReadOnlySpan<byte> from)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, from.Length)) throw Violation(CapabilityRights.Write, Address(offset));
            _memory.WriteBytes(_physical + (ulong)offset, from);
        }

        // Gives the memory back to the pool; the buffer is revoked. The device
        // must be done with it (the driver knows; the kernel cannot tell). A lent
        // buffer is only revoked: the loan ends early, the memory stays the client's.
        public void Free()
        {
            if (!Permits(CapabilityRights.None)) throw Violation(CapabilityRights.None, _physical);
            lock (Authority.Sync)
            {
                RevokeTree();
                ReleaseMemory();
            }
        }

        // The device loses the memory with the capability; a pool buffer's memory
        // returns to the allocator later (Free, or the kernel's reclaim).
        private protected override void Revoked()
        {
            // Called once per buffer (RevokeTree marks it revoked first).
            if (!_mapped) return;
            _stillReachable = !Authority.UnmapForDevice(Owner, DeviceAddress, _physical, IsLent ? (ulong)_length : ReservedBytes, Rights);
        }

        // Called with Authority.Sync held, by Free and by the kernel's reclaim.
        // Memory the device may still reach is kept, never handed on.
        internal ulong ReleaseMemory()
        {
            if (_released) return 0;
            _released = true;
            if (_stillReachable) return 0;
            ((DmaPool)Parent).Release(this);
            return ReservedBytes;
        }

        internal static ulong RoundToPages(ulong bytes) => (bytes + PageSize - 1) & ~(PageSize - 1);

        private bool Fits(int offset, int count) => offset >= 0 && offset <= _length - count;

        private ulong Address(int offset) => _physical + (ulong)(long)offset;
    }
}
