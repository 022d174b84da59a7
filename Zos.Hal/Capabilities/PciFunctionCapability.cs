using Zos.Hal.Capabilities.Granting;

namespace Zos.Hal.Capabilities
{
    // The configuration space of one PCI function, and no other. Rights: Read,
    // Write. Accesses must be naturally aligned. The BARs and the expansion ROM
    // base are the kernel's: moving them could map the device over memory the
    // driver was not granted, so writing them is a violation.
    public sealed class PciFunctionCapability : Capability
    {
        private const int FirstBar = 0x10, EndOfBars = 0x28;
        private const int ExpansionRom = 0x30, EndOfExpansionRom = 0x34;

        private readonly PciConfigFunction _config;

        internal PciFunctionCapability(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, Capability parent,
            PciConfigFunction config)
            : base(authority, owner, rights, parent)
        {
            _config = config;
        }

        public override CapabilityKind Kind => CapabilityKind.PciFunction;
        public string Address => _config.Address;
        public int ConfigSize => _config.Size;

        public override string Describe() => "pci " + _config.Address + " " + CapabilityText.Of(Rights);

        public byte Read8(int offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 1)) throw Refused(CapabilityRights.Read, offset, 1);
            return _config.Read8(offset);
        }

        public ushort Read16(int offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 2)) throw Refused(CapabilityRights.Read, offset, 2);
            return _config.Read16(offset);
        }

        public uint Read32(int offset)
        {
            if (!Permits(CapabilityRights.Read) || !Fits(offset, 4)) throw Refused(CapabilityRights.Read, offset, 4);
            return _config.Read32(offset);
        }

        public void Write8(int offset, byte value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 1) || Protected(offset, 1)) throw Refused(CapabilityRights.Write, offset, 1);
            _config.Write8(offset, value);
        }

        public void Write16(int offset, ushort value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 2) || Protected(offset, 2)) throw Refused(CapabilityRights.Write, offset, 2);
            _config.Write16(offset, value);
        }

        public void Write32(int offset, uint value)
        {
            if (!Permits(CapabilityRights.Write) || !Fits(offset, 4) || Protected(offset, 4)) throw Refused(CapabilityRights.Write, offset, 4);
            _config.Write32(offset, value);
        }

        public CapabilityDenial Derive(CapabilityRights rights, out PciFunctionCapability derived) => DeriveFor(Owner, rights, out derived);

        internal CapabilityDenial DeriveFor(CapabilityOwner to, CapabilityRights rights, out PciFunctionCapability derived)
        {
            derived = null;
            lock (Authority.Sync)
            {
                CapabilityDenial denial = CheckDerivation(to, rights);
                if (denial is not null) return denial;
                derived = new PciFunctionCapability(Authority, to, rights, this, _config);
                return null;
            }
        }

        private bool InRange(int offset, int width) => offset >= 0 && offset <= _config.Size - width;

        private bool Fits(int offset, int width) => InRange(offset, width) && (offset & (width - 1)) == 0;

        private static bool Protected(int offset, int width) =>
            Overlaps(offset, width, FirstBar, EndOfBars) || Overlaps(offset, width, ExpansionRom, EndOfExpansionRom);

        private static bool Overlaps(int offset, int width, int start, int end) => offset < end && offset + width > start;

        private CapabilityViolationException Refused(CapabilityRights needed, int offset, int width)
        {
            ulong address = (ulong)(long)offset;
            if (!Permits(needed) || !InRange(offset, width)) return Violation(needed, address);
            if ((offset & (width - 1)) != 0) return Violation(ViolationReason.Misaligned, address);
            return Violation(ViolationReason.ProtectedRegister, address);
        }
    }
}
