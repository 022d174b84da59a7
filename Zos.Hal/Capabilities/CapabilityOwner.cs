namespace Zos.Hal.Capabilities
{
    // The one domain that holds a set of capabilities. The kernel's driver
    // domain subclasses it; the capability layer keeps the owner's list of
    // capabilities, its generation and its counters.
    // The generation advances on every restart of the owner: a capability is
    // valid only while its generation equals its owner's, so a reference kept
    // from before a restart is refused even if something forgot to revoke it.
    public abstract class CapabilityOwner
    {
        private readonly GrowableArray<Capability> _capabilities = new GrowableArray<Capability>();
        // Read on every access (Capability.Permits), hence a field, not a property.
        internal int CurrentGeneration;

        protected CapabilityOwner(string name)
        {
            Name = name;
        }

        public string Name { get; }
        public int Generation => CurrentGeneration;
        public int Denials { get; private set; }
        public int Violations { get; private set; }

        // The capabilities held, revoked ones included until the owner restarts.
        public int CapabilityCount => _capabilities.Count;
        public Capability CapabilityAt(int index) => index >= 0 && index < _capabilities.Count ? _capabilities[index] : null;

        internal void Add(Capability capability) => _capabilities.Add(capability);

        // Drops a capability from the list, keeping the order of the rest; no-op
        // when it is not there (a new generation already emptied the list).
        internal void Remove(Capability capability)
        {
            for (int i = 0; i < _capabilities.Count; i++)
            {
                if (_capabilities[i] != capability) continue;
                _capabilities.RemoveAt(i);
                return;
            }
        }

        // Starts a new generation with an empty list (everything held is revoked by then).
        internal void Advance()
        {
            _capabilities.Clear();
            CurrentGeneration++;
        }

        // The first capability still valid, or null when all are revoked.
        internal Capability FirstUnrevoked()
        {
            for (int i = 0; i < _capabilities.Count; i++)
                if (!_capabilities[i].IsRevoked) return _capabilities[i];
            return null;
        }

        internal void RevokeAll()
        {
            for (int i = 0; i < _capabilities.Count; i++) _capabilities[i].RevokeTree();
        }

        internal void CountDenial() => Denials++;
        internal void CountViolation() => Violations++;
    }
}
