using System;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Hal.Capabilities
{
    // A run of x86 I/O ports, addressed by offset from Base. Rights: Read, Write.
    public sealed class IoPortRange : Capability
    {
        public const int PortSpace = 0x10000;

        private readonly IoPortAccess _ports;
        private readonly ushort _base;
        private readonly int _length;

        internal IoPortRange(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, Capability parent,
            IoPortAccess ports, ushort basePort, int length)
            : base(authority, owner, rights, parent)
        {
            _ports = ports;
            _base = basePort;
            _length = length;
        }

        public override CapabilityKind Kind => CapabilityKind.IoPortRange;
        public ushort Base => _base;
        public int Length => _length;

        public override string Describe() =>
            "ports 0x" + _base.ToString("x") + "..0x" + (_base + _length - 1).ToString("x") + " " + CapabilityText.Of(Rights);

        public byte Read8(int offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 1)) throw Violation(CapabilityRights.Read, Port(offset));
            return _ports.Read8((ushort)(_base + offset));
        }

        public ushort Read16(int offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 2)) throw Violation(CapabilityRights.Read, Port(offset));
            return _ports.Read16((ushort)(_base + offset));
        }

        public uint Read32(int offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 4)) throw Violation(CapabilityRights.Read, Port(offset));
            return _ports.Read32((ushort)(_base + offset));
        }

        public void Write8(int offset, byte value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 1)) throw Violation(CapabilityRights.Write, Port(offset));
            _ports.Write8((ushort)(_base + offset), value);
        }

        public void Write16(int offset, ushort value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 2)) throw Violation(CapabilityRights.Write, Port(offset));
            _ports.Write16((ushort)(_base + offset), value);
        }

        public void Write32(int offset, uint value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 4)) throw Violation(CapabilityRights.Write, Port(offset));
            _ports.Write32((ushort)(_base + offset), value);
        }

        // The string forms (ins/outs): many transfers through one port, e.g. a
        // disk's data register. Each transfer is checked, so a revocation stops
        // a long transfer at once.
        public void ReadString8(int offset, Span<byte> into)
        {
            for (int i = 0; i < into.Length; i++) into[i] = Read8(offset);
        }

        public void ReadString16(int offset, Span<ushort> into)
        {
            for (int i = 0; i < into.Length; i++) into[i] = Read16(offset);
        }

        public void ReadString32(int offset, Span<uint> into)
        {
            for (int i = 0; i < into.Length; i++) into[i] = Read32(offset);
        }

        public void WriteString8(int offset, ReadOnlySpan<byte> from)
        {
            for (int i = 0; i < from.Length; i++) Write8(offset, from[i]);
        }

        public void WriteString16(int offset, ReadOnlySpan<ushort> from)
        {
            for (int i = 0; i < from.Length; i++) Write16(offset, from[i]);
        }

        public void WriteString32(int offset, ReadOnlySpan<uint> from)
        {
            for (int i = 0; i < from.Length; i++) Write32(offset, from[i]);
        }

        // A sub-range with at most this capability's rights, for the same owner.
        public CapabilityDenial Derive(int offset, int length, CapabilityRights rights, out IoPortRange derived) =>
            DeriveFor(Owner, offset, length, rights, out derived);

        internal CapabilityDenial DeriveFor(CapabilityOwner to, int offset, int length, CapabilityRights rights, out IoPortRange derived)
        {
            derived = null;
            lock (Authority.Sync)
            {
                if (length <= 0)
                    return Authority.Deny(to, this, DenialReason.InvalidRequest, "length " + length.ToString());
                if (offset < 0 || !Fits(offset, length))
                    return Authority.Deny(to, this, DenialReason.OutsideResource,
                        "offset " + offset.ToString() + " length " + length.ToString() + " in " + _length.ToString() + " ports");
                CapabilityDenial denial = CheckDerivation(to, rights, _base + (ulong)offset, _base + (ulong)offset + (ulong)length);
                if (denial is not null) return denial;
                derived = new IoPortRange(Authority, to, rights, this, _ports, (ushort)(_base + offset), length);
                return null;
            }
        }

        internal override ulong RangeStart => _base;
        internal override ulong RangeEnd => (ulong)_base + (ulong)_length;

        private bool Fits(int offset, int width) => offset >= 0 && offset <= _length - width;

        private ulong Port(int offset) => (ulong)(long)(_base + offset);
    }
}
