namespace Zos.Hal.Capabilities
{
    // One denial or violation, as logged and as given to the violation handler.
    // Holds references and numbers only, so recording it allocates nothing.
    public readonly struct CapabilityEvent
    {
        internal CapabilityEvent(long sequence, CapabilityOwner owner, Capability capability, bool isViolation,
            ViolationReason violation, DenialReason denial, ulong address, string detail)
        {
            Sequence = sequence;
            Owner = owner;
            Capability = capability;
            IsViolation = isViolation;
            Violation = violation;
            Denial = denial;
            Address = address;
            Detail = detail;
        }

        // Counts every event since boot, so the log shows what it dropped.
        public long Sequence { get; }
        public CapabilityOwner Owner { get; }
        // The capability used or asked from; null for a request with no source (a DMA pool).
        public Capability Capability { get; }
        public bool IsViolation { get; }
        public ViolationReason Violation { get; }
        public DenialReason Denial { get; }
        // The port, physical address, configuration offset, IRQ line or byte count concerned.
        public ulong Address { get; }
        // A denial's explanation; null for violations.
        public string Detail { get; }

        public string Describe()
        {
            string what = IsViolation ? "violation: " + CapabilityText.Of(Violation) : "denial: " + CapabilityText.Of(Denial);
            string capability = Capability is null ? "-" : Capability.Describe() + " gen " + Capability.Generation.ToString();
            string text = "#" + Sequence.ToString() + " " + what + " owner " + Owner.Name + " cap " + capability
                + " at 0x" + Address.ToString("x");
            return Detail is null ? text : text + " (" + Detail + ")";
        }
    }
}
