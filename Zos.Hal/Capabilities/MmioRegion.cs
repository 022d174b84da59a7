using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;

namespace Zos.Hal.Capabilities
{
    // Memory-mapped device registers: a physical range addressed by offset.
    // Rights: Read, Write. Accesses (8, 16, 32 or 64 bits) must be naturally aligned.
    public sealed class MmioRegion : Capability
    {
        private readonly PhysicalMemory _memory;
        private readonly ulong _base;
        private readonly ulong _size;

        internal MmioRegion(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, Capability parent,
            PhysicalMemory memory, ulong physicalBase, ulong size, MmioCaching caching)
            : base(authority, owner, rights, parent)
        {
            _memory = memory;
            _base = physicalBase;
            _size = size;
            Caching = caching;
        }

        public override CapabilityKind Kind => CapabilityKind.MmioRegion;
        public ulong PhysicalBase => _base;
        public ulong Size => _size;
        public MmioCaching Caching { get; }

        public override string Describe() =>
            "mmio 0x" + _base.ToString("x") + "+0x" + _size.ToString("x") + " " + CapabilityText.Of(Rights);

        public byte Read8(ulong offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 1)) throw Refused(CapabilityRights.Read, offset, 1);
            return _memory.Read8(_base + offset);
        }

        public ushort Read16(ulong offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 2)) throw Refused(CapabilityRights.Read, offset, 2);
            return _memory.Read16(_base + offset);
        }

        public uint Read32(ulong offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 4)) throw Refused(CapabilityRights.Read, offset, 4);
            return _memory.Read32(_base + offset);
        }

        public ulong Read64(ulong offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 8)) throw Refused(CapabilityRights.Read, offset, 8);
            return _memory.Read64(_base + offset);
        }

        public void Write8(ulong offset, byte value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 1)) throw Refused(CapabilityRights.Write, offset, 1);
            _memory.Write8(_base + offset, value);
        }

        public void Write16(ulong offset, ushort value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 2)) throw Refused(CapabilityRights.Write, offset, 2);
            _memory.Write16(_base + offset, value);
        }

        public void Write32(ulong offset, uint value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 4)) throw Refused(CapabilityRights.Write, offset, 4);
            _memory.Write32(_base + offset, value);
        }

        public void Write64(ulong offset, ulong value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 8)) throw Refused(CapabilityRights.Write, offset, 8);
            _memory.Write64(_base + offset, value);
        }

        // A sub-region with at most this capability's rights, for the same owner.
        public CapabilityDenial Derive(ulong offset, ulong size, CapabilityRights rights, out MmioRegion derived) =>
            DeriveFor(Owner, offset, size, rights, out derived);

        internal CapabilityDenial DeriveFor(CapabilityOwner to, ulong offset, ulong size, CapabilityRights rights, out MmioRegion derived)
        {
            derived = null;
            lock (Authority.Sync)
            {
                if (size == 0) return Authority.Deny(to, this, DenialReason.InvalidRequest, "size 0");
                if (offset > _size || size > _size - offset)
                    return Authority.Deny(to, this, DenialReason.OutsideResource,
                        "offset 0x" + offset.ToString("x") + " size 0x" + size.ToString("x") + " in 0x" + _size.ToString("x") + " bytes");
                CapabilityDenial denial = CheckDerivation(to, rights, _base + offset, _base + offset + size);
                if (denial is not null) return denial;
                derived = new MmioRegion(Authority, to, rights, this, _memory, _base + offset, size, Caching);
                return null;
            }
        }

        internal override ulong RangeStart => _base;
        internal override ulong RangeEnd => _base + _size;

        private bool Fits(ulong offset, ulong width) => (offset & (width - 1)) == 0 && _size >= width && offset <= _size - width;

        private CapabilityViolationException Refused(CapabilityRights needed, ulong offset, ulong width)
        {
            if (!Permits(needed) || _size < width || offset > _size - width) return Violation(needed, _base + offset);
            return Violation(ViolationReason.Misaligned, _base + offset);
        }
    }
}
