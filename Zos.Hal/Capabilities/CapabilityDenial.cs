namespace Zos.Hal.Capabilities
{
    // The answer to a request that was not granted: why, and in words. Grant
    // and derive methods return it, or null when the capability was granted.
    public sealed class CapabilityDenial
    {
        internal CapabilityDenial(DenialReason reason, string message)
        {
            Reason = reason;
            Message = message;
        }

        public DenialReason Reason { get; }
        public string Message { get; }

        public override string ToString() => CapabilityText.Of(Reason) + ": " + Message;
    }
}
