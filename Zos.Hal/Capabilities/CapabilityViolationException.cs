using System;

namespace Zos.Hal.Capabilities
{
    // Thrown by a capability access that failed its checks, after the violation
    // was logged and reported. In the kernel the handler stops the using domain
    // first, so a driver never sees it; on the host tests observe it.
    public sealed class CapabilityViolationException : Exception
    {
        internal CapabilityViolationException(CapabilityEvent violation)
            : base(violation.Describe())
        {
            Violation = violation;
        }

        public CapabilityEvent Violation { get; }
    }
}
