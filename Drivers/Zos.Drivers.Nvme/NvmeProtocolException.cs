using System;

namespace Zos.Drivers.Nvme
{
    // The controller broke the queue protocol in a way no status explains: a
    // completion for a command id never issued or already completed, a
    // submission queue head outside the queue or past its tail, a completion in
    // the wrong queue. Thrown before the queue pair's records change: in a
    // driver's domain it ends the driver, and the supervisor stops the device
    // (bus mastering off) before a restart.
    public sealed class NvmeProtocolException : Exception
    {
        public NvmeProtocolException(string message) : base(message) { }
    }
}
