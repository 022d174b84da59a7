namespace Zos.Hal.Capabilities
{
    // Counts every denial and violation and keeps the most recent ones in a
    // fixed ring (allocated once), for the shell to print.
    public sealed class CapabilityAudit
    {
        private readonly CapabilityEvent[] _recent;
        private long _recorded;

        public CapabilityAudit(int capacity)
        {
            _recent = new CapabilityEvent[capacity < 1 ? 1 : capacity];
        }

        public long Denials { get; private set; }
        public long Violations { get; private set; }
        public int Capacity => _recent.Length;
        // Events still in the log: the most recent min(recorded, capacity).
        public int Count => _recorded < _recent.Length ? (int)_recorded : _recent.Length;

        // The index-th oldest event still kept (0 = oldest).
        public CapabilityEvent At(int index)
        {
            long first = _recorded - Count;
            return _recent[(int)((first + index) % _recent.Length)];
        }

        internal CapabilityEvent Record(CapabilityOwner owner, Capability capability, bool isViolation,
            ViolationReason violation, DenialReason denial, ulong address, string detail)
        {
            var entry = new CapabilityEvent(_recorded, owner, capability, isViolation, violation, denial, address, detail);
            _recent[(int)(_recorded % _recent.Length)] = entry;
            _recorded++;
            if (isViolation)
            {
                Violations++;
                owner.CountViolation();
            }
            else
            {
                Denials++;
                owner.CountDenial();
            }
            return entry;
        }
    }
}
