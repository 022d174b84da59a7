using System;

namespace Zos.Drivers.Ahci
{
    // The HBA or the device broke the AHCI protocol in a way no command error
    // explains: a completion for a slot that was never issued, a slot active
    // that the engine never started. Thrown before the engine's records of its
    // slots change: in a driver's domain it ends the driver, and the
    // supervisor stops the device (bus mastering off) before a restart.
    public sealed class AhciProtocolException : Exception
    {
        public AhciProtocolException(string message) : base(message) { }
    }
}
