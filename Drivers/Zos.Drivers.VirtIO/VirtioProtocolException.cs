using System;

namespace Zos.Drivers.VirtIO
{
    // The device broke the virtio protocol (a used index beyond what is in
    // flight, an id that is no request, more bytes written than the chain
    // holds, a nonsensical configuration). Thrown before any state changes:
    // in a driver's domain it ends the driver, and the supervisor resets the
    // device and restarts it; nothing of the driver's state is half-updated.
    public sealed class VirtioProtocolException : Exception
    {
        public VirtioProtocolException(string message) : base(message) { }
    }
}
