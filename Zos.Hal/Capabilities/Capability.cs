using System.Runtime.CompilerServices;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Hal.Capabilities
{
    // The right to use one hardware resource, held by one owner. Every access
    // checks revocation, generation, rights and range first; a failed check is
    // a violation: it is logged, reported to the kernel's handler (which stops
    // the using domain) and thrown, and the hardware is never touched.
    // Derived capabilities (fewer rights, a sub-range) are children: revoking a
    // capability revokes its whole subtree at once.
    // Only the capability layer constructs capabilities (the constructor is internal).
    public abstract class Capability
    {
        private readonly CapabilityOwner _owner;
        private readonly int _generation;
        private readonly CapabilityRights _rights;
        private readonly Capability _parent;
        private Capability[] _children;
        private int _childCount;
        private bool _revoked;
        internal readonly CapabilityAuthority Authority;

        internal Capability(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, Capability parent)
        {
            Authority = authority;
            _owner = owner;
            _generation = owner.CurrentGeneration;
            _rights = rights;
            _parent = parent;
            parent?.AddChild(this);
            owner.Add(this);
        }

        public abstract CapabilityKind Kind { get; }
        public CapabilityOwner Owner => _owner;
        public CapabilityRights Rights => _rights;
        public int Generation => _generation;
        public Capability Parent => _parent;
        public bool IsRevoked => _revoked;
        // Usable right now: not revoked and granted to the owner's current generation.
        public bool IsValid => !_revoked && _generation == _owner.CurrentGeneration;

        // What it covers, for logs and the shell ("ports 0x70..0x71").
        public abstract string Describe();

        // Revokes this capability and everything derived from it, at once.
        public void Revoke()
        {
            lock (Authority.Sync) RevokeTree();
        }

        // The hot check, allocation-free: every access calls it before touching hardware.
        internal bool Permits(CapabilityRights needed) =>
            !_revoked && _generation == _owner.CurrentGeneration && (_rights & needed) == needed;

        // A failed access: logs and reports it, and returns the exception the
        // caller throws instead of touching hardware. When the checks that
        // Permits makes pass, the access was out of range.
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal CapabilityViolationException Violation(CapabilityRights needed, ulong address) =>
            Violation(ReasonFor(needed), address);

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal CapabilityViolationException Violation(ViolationReason reason, ulong address) =>
            Authority.ReportViolation(this, reason, address);

        private ViolationReason ReasonFor(CapabilityRights needed)
        {
            if (_generation != _owner.CurrentGeneration) return ViolationReason.StaleGeneration;
            if (_revoked) return ViolationReason.Revoked;
            if ((_rights & needed) != needed) return ViolationReason.MissingRights;
            return ViolationReason.OutOfRange;
        }

        // Checks common to every derivation and grant made from this capability;
        // null when they pass. [start, end) is what the request covers, in the
        // kind's own address space (ports, physical addresses); kinds without a
        // range cover [0, 1). Range checks against this capability are the kind's own.
        internal CapabilityDenial CheckDerivation(CapabilityOwner to, CapabilityRights rights) => CheckDerivation(to, rights, 0, 1);

        internal CapabilityDenial CheckDerivation(CapabilityOwner to, CapabilityRights rights, ulong start, ulong end)
        {
            if (!IsValid) return Authority.Deny(to, this, DenialReason.SourceRevoked, "the source capability is revoked");
            if ((rights & ~_rights) != 0)
                return Authority.Deny(to, this, DenialReason.RightsExceeded,
                    "asked for " + CapabilityText.Of(rights) + ", the source holds " + CapabilityText.Of(_rights));
            if (to != _owner)
                for (int i = 0; i < _childCount; i++)
                {
                    Capability child = _children[i];
                    if (child.IsValid && child._owner != to && child._owner != _owner && child.RangeStart < end && start < child.RangeEnd)
                        return Authority.Deny(to, this, DenialReason.AlreadyGranted, "held by " + child._owner.Name);
                }
            return null;
        }

        // Called with Authority.Sync held.
        internal void RevokeTree()
        {
            if (!_revoked)
            {
                _revoked = true;
                Revoked();
            }
            for (int i = 0; i < _childCount; i++) _children[i].RevokeTree();
        }

        internal int ChildCount => _childCount;
        internal Capability ChildAt(int index) => _children[index];

        private void AddChild(Capability child)
        {
            if (_children is null) _children = new Capability[4];
            else if (_childCount == _children.Length) CompactOrGrowChildren();
            _children[_childCount++] = child;
        }

        // Revoked children are dropped before the array grows, so a long-lived
        // source that is granted again and again does not accumulate them.
        private void CompactOrGrowChildren()
        {
            int kept = 0;
            for (int i = 0; i < _childCount; i++)
                if (!_children[i]._revoked || _children[i].HoldsUnreclaimedMemory) _children[kept++] = _children[i];
            for (int i = kept; i < _childCount; i++) _children[i] = null;
            _childCount = kept;
            if (_childCount < _children.Length) return;
            var larger = new Capability[_children.Length * 2];
            for (int i = 0; i < _childCount; i++) larger[i] = _children[i];
            _children = larger;
        }

        // What the capability covers, for telling whether two grants collide.
        internal virtual ulong RangeStart => 0;
        internal virtual ulong RangeEnd => 1;

        // Once, at the revocation, with Authority.Sync held: what must stop
        // together with the capability (a DMA buffer's IOMMU mapping).
        private protected virtual void Revoked() { }

        // DMA buffers keep their memory after revocation until the kernel
        // reclaims it (the device may still be writing): they must stay reachable.
        internal virtual bool HoldsUnreclaimedMemory => false;
    }
}
