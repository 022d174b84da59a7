using Zos.Hal.Capabilities.Granting;

namespace Zos.Hal.Capabilities
{
    // A device's interrupt, for the driver thread that services it: its INTx
    // line, or an MSI or MSI-X message on a vector of its own (Mode). Rights:
    // Wait (block until it fires), Acknowledge (the device is serviced: let it
    // interrupt again). The kernel routes the real interrupt to the signal.
    public sealed class Irq : Capability
    {
        private readonly IrqSignal _signal;

        internal Irq(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, Capability parent, IrqSignal signal)
            : base(authority, owner, rights, parent)
        {
            _signal = signal;
        }

        public override CapabilityKind Kind => CapabilityKind.Irq;
        public IrqMode Mode => _signal.Mode;
        // The line (GSI) for IrqMode.Line, else the CPU's interrupt vector.
        public int Number => _signal.Number;
        // The MSI-X table entry (0 for MSI and a line): what a device that names
        // its interrupt per queue (virtio) is told.
        public int Entry => _signal.Entry;

        // "irq 11 wait", "msi vector 0x70 wait", "msi-x 0 vector 0x71 wait,acknowledge".
        public override string Describe() => _signal.Source + " " + CapabilityText.Of(Rights);

        // True when the interrupt fired within the timeout. False as well when
        // the capability was revoked while waiting: the next call is a violation.
        public bool Wait(int timeoutMilliseconds)
        {
            if (!Permits(CapabilityRights.Wait)) throw Violation(CapabilityRights.Wait, (ulong)_signal.Number);
            bool fired = _signal.Wait(timeoutMilliseconds);
            return fired && IsValid;
        }

        public void Acknowledge()
        {
            if (!Permits(CapabilityRights.Acknowledge)) throw Violation(CapabilityRights.Acknowledge, (ulong)_signal.Number);
            _signal.Acknowledge();
        }

        public CapabilityDenial Derive(CapabilityRights rights, out Irq derived) => DeriveFor(Owner, rights, out derived);

        internal CapabilityDenial DeriveFor(CapabilityOwner to, CapabilityRights rights, out Irq derived)
        {
            derived = null;
            lock (Authority.Sync)
            {
                CapabilityDenial denial = CheckDerivation(to, rights);
                if (denial is not null) return denial;
                derived = new Irq(Authority, to, rights, this, _signal);
                return null;
            }
        }
    }
}
