namespace Zos.Hal.Capabilities
{
    // Why a request for a capability was refused. A denial is an answer, not a
    // fault: the requester goes on and decides what to do without it.
    public enum DenialReason
    {
        // Zero length, bad alignment, an index that does not exist.
        InvalidRequest,
        // The request reaches outside the resource it is carved from.
        OutsideResource,
        // More rights than the source holds.
        RightsExceeded,
        // The source was revoked, or belongs to an earlier generation of its owner.
        SourceRevoked,
        // The resource is held by another owner.
        AlreadyGranted,
        // More DMA memory than the pool or the system budget has left.
        QuotaExceeded,
        // No physically contiguous memory below the device's address limit.
        Unavailable,
        // Kernel policy: not one of the device's resources, or not in the driver's manifest.
        NotPermitted,
    }
}
